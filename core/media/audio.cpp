#include "media/audio.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/input_file.h"
#include "media/ffmpeg_util.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace perceiver {

struct AudioReader::State {
    std::string path;
    ff::FormatInput fmt;
    ff::CodecContext dec;
    ff::Swr swr;
    ff::Packet pkt;
    ff::Frame frame;
    int stream = -1;
    bool inputDone = false;   // every packet read and the decoder flushed
    bool finished = false;    // the resampler flushed too: nothing more will come
    std::vector<float> buffer;
    size_t head = 0;          // buffer[head..] not yet handed out
    size_t available() const { return buffer.size() - head; }
};

AudioReader::AudioReader(const std::string& path, int sampleRate) : s_(std::make_unique<State>()), sampleRate_(sampleRate) {
    if (sampleRate <= 0) fail(ErrorKind::InvalidInput, "audio sample rate must be positive");
    ff::quietLogs();
    if (requireRegularFile(path, "media file", ErrorKind::Media) == 0) fail(ErrorKind::Media, "media file '" + path + "' is empty (0 bytes)");
    s_->path = path;
    AVFormatContext* raw = nullptr;
    if (int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); rc < 0)
        fail(ErrorKind::Media, "cannot open '" + path + "': " + ff::errorText(rc));
    s_->fmt.reset(raw);
    if (int rc = avformat_find_stream_info(s_->fmt.get(), nullptr); rc < 0)
        fail(ErrorKind::Media, "cannot read the streams of '" + path + "': " + ff::errorText(rc));
    const AVCodec* codec = nullptr;
    s_->stream = av_find_best_stream(s_->fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    if (s_->stream < 0) {  // no sound
        s_->finished = true;
        return;
    }
    s_->dec.reset(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(s_->dec.get(), s_->fmt->streams[s_->stream]->codecpar);
    if (int rc = avcodec_open2(s_->dec.get(), codec, nullptr); rc < 0)
        fail(ErrorKind::Media, "cannot decode the audio of '" + path + "': " + ff::errorText(rc));
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    SwrContext* swrRaw = nullptr;
    if (swr_alloc_set_opts2(&swrRaw, &mono, AV_SAMPLE_FMT_FLT, sampleRate, &s_->dec->ch_layout, s_->dec->sample_fmt,
                            s_->dec->sample_rate, 0, nullptr) < 0 ||
        swr_init(swrRaw) < 0) {
        swr_free(&swrRaw);
        fail(ErrorKind::Media, "cannot resample the audio of '" + path + "'");
    }
    s_->swr.reset(swrRaw);
    s_->pkt.reset(av_packet_alloc());
    s_->frame.reset(av_frame_alloc());
}

AudioReader::~AudioReader() = default;

bool AudioReader::hasAudio() const { return s_->stream >= 0; }

bool AudioReader::fill(size_t wanted) {
    State& s = *s_;
    auto convert = [&](const AVFrame* f) {
        const int inSamples = f ? f->nb_samples : 0;
        const int maxOut = swr_get_out_samples(s.swr.get(), inSamples);
        if (maxOut <= 0) return;
        const size_t at = s.buffer.size();
        s.buffer.resize(at + static_cast<size_t>(maxOut));
        uint8_t* dst = reinterpret_cast<uint8_t*>(s.buffer.data() + at);
        const int n = swr_convert(s.swr.get(), &dst, maxOut, f ? const_cast<const uint8_t**>(f->extended_data) : nullptr, inSamples);
        s.buffer.resize(at + static_cast<size_t>(std::max(0, n)));
        for (size_t i = at; i < s.buffer.size(); ++i) s.buffer[i] = std::clamp(s.buffer[i], -1.0f, 1.0f);
    };
    auto drain = [&]() {
        while (avcodec_receive_frame(s.dec.get(), s.frame.get()) == 0) {
            convert(s.frame.get());
            av_frame_unref(s.frame.get());
        }
    };
    // Samples handed out are dropped from the front once they are half the buffer.
    if (s.head > 0 && s.head >= s.buffer.size() / 2) {
        s.buffer.erase(s.buffer.begin(), s.buffer.begin() + static_cast<std::ptrdiff_t>(s.head));
        s.head = 0;
    }
    while (!s.finished && s.available() < wanted) {
        if (!s.inputDone) {
            if (av_read_frame(s.fmt.get(), s.pkt.get()) >= 0) {
                if (s.pkt->stream_index == s.stream && avcodec_send_packet(s.dec.get(), s.pkt.get()) == 0) drain();
                av_packet_unref(s.pkt.get());
                continue;
            }
            avcodec_send_packet(s.dec.get(), nullptr);
            drain();
            s.inputDone = true;
        }
        convert(nullptr);  // flush the resampler
        s.finished = true;
    }
    return s.available() >= wanted;
}

size_t AudioReader::read(std::vector<float>& out, size_t count) {
    fill(count);
    const size_t n = std::min(count, s_->available());
    out.insert(out.end(), s_->buffer.begin() + static_cast<std::ptrdiff_t>(s_->head),
               s_->buffer.begin() + static_cast<std::ptrdiff_t>(s_->head + n));
    s_->head += n;
    return n;
}

size_t AudioReader::skip(size_t count) {
    size_t skipped = 0;
    while (skipped < count) {
        const size_t step = std::min<size_t>(count - skipped, 1 << 20);
        fill(step);
        const size_t n = std::min(step, s_->available());
        if (n == 0) break;
        s_->head += n;
        skipped += n;
    }
    return skipped;
}

AudioBuffer decodeAudio(const std::string& path, int sampleRate) {
    AudioReader reader(path, sampleRate);
    AudioBuffer out;
    out.sample_rate = sampleRate;
    while (reader.read(out.samples, 1 << 20) > 0) {
    }
    return out;
}

void writeWav(const std::string& path, const AudioBuffer& a) {
    if (a.sample_rate <= 0) fail(ErrorKind::InvalidInput, "cannot write '" + path + "': no sample rate");
    const uint32_t dataBytes = static_cast<uint32_t>(a.samples.size() * 2);
    auto u32 = [](uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [](uint16_t v) { return std::string(reinterpret_cast<const char*>(&v), 2); };
    std::string header = "RIFF" + u32(36 + dataBytes) + "WAVEfmt " + u32(16) + u16(1) + u16(1) + u32(a.sample_rate) +
                         u32(a.sample_rate * 2) + u16(2) + u16(16) + "data" + u32(dataBytes);
    std::vector<int16_t> pcm(a.samples.size());
    for (size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = static_cast<int16_t>(std::lround(std::clamp(a.samples[i], -1.0f, 1.0f) * 32767.0f));
    AtomicFile f(path);
    f.write(header.data(), header.size());
    f.write(pcm.data(), pcm.size() * 2);
    f.commit();
}

AudioBuffer readWav(const std::string& path) {
    const std::string bytes = readInputFile(path, "WAV file", ErrorKind::Media, uint64_t(4) << 30);  // no FIFO; RIFF sizes are 32-bit
    auto bad = [&](const std::string& why) { fail(ErrorKind::Media, "WAV file '" + path + "': " + why); };
    if (bytes.size() < 12 || bytes.compare(0, 4, "RIFF") != 0 || bytes.compare(8, 4, "WAVE") != 0) bad("not a RIFF/WAVE file");
    uint16_t format = 0, channels = 0, bits = 0;
    uint32_t rate = 0;
    bool haveFmt = false;
    for (size_t p = 12; p + 8 <= bytes.size();) {
        uint32_t len = 0;
        std::memcpy(&len, bytes.data() + p + 4, 4);
        const std::string id = bytes.substr(p, 4);
        if (len > bytes.size() - p - 8) bad("chunk '" + id + "' runs past the end of the file");
        if (id == "fmt " && len >= 16) {
            std::memcpy(&format, bytes.data() + p + 8, 2);
            std::memcpy(&channels, bytes.data() + p + 10, 2);
            std::memcpy(&rate, bytes.data() + p + 12, 4);
            std::memcpy(&bits, bytes.data() + p + 22, 2);
            haveFmt = true;
        } else if (id == "data") {
            if (!haveFmt || channels == 0 || rate == 0) bad("data before a valid fmt chunk");
            const size_t width = bits / 8;
            if ((format != 1 && format != 3) || width == 0 || (format == 3 && bits != 32)) bad("unsupported sample format");
            AudioBuffer a;
            a.sample_rate = static_cast<int>(rate);
            const size_t frames = len / (width * channels);
            a.samples.resize(frames);
            const char* d = bytes.data() + p + 8;
            for (size_t i = 0; i < frames; ++i) {
                double sum = 0;
                for (size_t c = 0; c < channels; ++c) {
                    const char* s = d + (i * channels + c) * width;
                    double v = 0;
                    if (format == 3) { float f; std::memcpy(&f, s, 4); v = f; }
                    else if (width == 1) v = (static_cast<uint8_t>(s[0]) - 128) / 128.0;
                    else if (width == 2) { int16_t x; std::memcpy(&x, s, 2); v = x / 32768.0; }
                    else if (width == 3) { int32_t x = (static_cast<uint8_t>(s[0]) | static_cast<uint8_t>(s[1]) << 8 | static_cast<int8_t>(s[2]) << 16); v = x / 8388608.0; }
                    else { int32_t x; std::memcpy(&x, s, 4); v = x / 2147483648.0; }
                    sum += v;
                }
                a.samples[i] = static_cast<float>(sum / channels);
            }
            return a;
        }
        p += 8 + len + (len & 1);
    }
    bad("no data chunk");
    return {};
}

}  // namespace perceiver
