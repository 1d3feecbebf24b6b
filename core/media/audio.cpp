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

AudioBuffer decodeAudio(const std::string& path, int sampleRate) {
    if (sampleRate <= 0) fail(ErrorKind::InvalidInput, "audio sample rate must be positive");
    ff::quietLogs();
    if (requireRegularFile(path, "media file", ErrorKind::Media) == 0) fail(ErrorKind::Media, "media file '" + path + "' is empty (0 bytes)");
    AVFormatContext* raw = nullptr;
    if (int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); rc < 0)
        fail(ErrorKind::Media, "cannot open '" + path + "': " + ff::errorText(rc));
    ff::FormatInput fmt(raw);
    if (int rc = avformat_find_stream_info(fmt.get(), nullptr); rc < 0)
        fail(ErrorKind::Media, "cannot read the streams of '" + path + "': " + ff::errorText(rc));
    const AVCodec* codec = nullptr;
    const int stream = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    AudioBuffer out;
    out.sample_rate = sampleRate;
    if (stream < 0) return out;  // no sound
    ff::CodecContext dec(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(dec.get(), fmt->streams[stream]->codecpar);
    if (int rc = avcodec_open2(dec.get(), codec, nullptr); rc < 0)
        fail(ErrorKind::Media, "cannot decode the audio of '" + path + "': " + ff::errorText(rc));

    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    SwrContext* swrRaw = nullptr;
    if (swr_alloc_set_opts2(&swrRaw, &mono, AV_SAMPLE_FMT_FLT, sampleRate, &dec->ch_layout, dec->sample_fmt, dec->sample_rate, 0,
                            nullptr) < 0 || swr_init(swrRaw) < 0) {
        swr_free(&swrRaw);
        fail(ErrorKind::Media, "cannot resample the audio of '" + path + "'");
    }
    ff::Swr swr(swrRaw);
    ff::Packet pkt(av_packet_alloc());
    ff::Frame frame(av_frame_alloc());
    auto convert = [&](const AVFrame* f) {
        const int inSamples = f ? f->nb_samples : 0;
        const int maxOut = swr_get_out_samples(swr.get(), inSamples);
        if (maxOut <= 0) return;
        const size_t at = out.samples.size();
        out.samples.resize(at + static_cast<size_t>(maxOut));
        uint8_t* dst = reinterpret_cast<uint8_t*>(out.samples.data() + at);
        const int n = swr_convert(swr.get(), &dst, maxOut, f ? const_cast<const uint8_t**>(f->extended_data) : nullptr, inSamples);
        out.samples.resize(at + static_cast<size_t>(std::max(0, n)));
    };
    auto drain = [&]() {
        while (avcodec_receive_frame(dec.get(), frame.get()) == 0) {
            convert(frame.get());
            av_frame_unref(frame.get());
        }
    };
    while (av_read_frame(fmt.get(), pkt.get()) >= 0) {
        if (pkt->stream_index == stream && avcodec_send_packet(dec.get(), pkt.get()) == 0) drain();
        av_packet_unref(pkt.get());
    }
    avcodec_send_packet(dec.get(), nullptr);
    drain();
    convert(nullptr);  // flush the resampler
    for (float& s : out.samples) s = std::clamp(s, -1.0f, 1.0f);
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
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(ErrorKind::Media, "cannot open WAV file '" + path + "'");
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
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
