#include "media/video.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/input_file.h"
#include "media/audio.h"
#include "media/ffmpeg_util.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <filesystem>

#include <algorithm>

namespace perceiver {

struct VideoReader::Impl {
    cv::VideoCapture cap;
    std::string path;
    int64_t index = 0;
};

VideoReader::VideoReader(const std::string& path) : d_(std::make_unique<Impl>()) {
    ff::quietLogs();  // OpenCV's FFmpeg backend logs "moov atom not found" before our error otherwise
    d_->path = path;
    if (requireRegularFile(path, "video file", ErrorKind::Media) == 0) fail(ErrorKind::Media, "video file '" + path + "' is empty (0 bytes)");
    if (!d_->cap.open(path, cv::CAP_FFMPEG) || !d_->cap.isOpened())
        fail(ErrorKind::Media, "cannot open video '" + path + "': not a video FFmpeg can read, or it has no video stream");
    // Frames as large as the largest image, no larger (each would be decoded whole).
    const uint64_t w = static_cast<uint64_t>(std::max(0.0, d_->cap.get(cv::CAP_PROP_FRAME_WIDTH)));
    const uint64_t h = static_cast<uint64_t>(std::max(0.0, d_->cap.get(cv::CAP_PROP_FRAME_HEIGHT)));
    requireDecodablePixels(w, h, "video '" + path + "' (its frames)");
}

VideoReader::~VideoReader() = default;

bool VideoReader::read(ImageU8& frame) {
    cv::Mat bgr;
    if (!d_->cap.read(bgr) || bgr.empty()) {
        if (d_->index == 0) fail(ErrorKind::Media, "video '" + d_->path + "' has no decodable video frame");
        return false;
    }
    if (bgr.type() != CV_8UC3) {
        cv::Mat c;
        if (bgr.channels() == 1) cv::cvtColor(bgr, c, cv::COLOR_GRAY2BGR);
        else bgr.convertTo(c, CV_8UC3);
        bgr = c;
    }
    frame.width = bgr.cols;
    frame.height = bgr.rows;
    frame.rgb.resize(static_cast<size_t>(bgr.cols) * bgr.rows * 3);
    cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, frame.rgb.data());
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    ++d_->index;
    return true;
}

double VideoReader::fps() const { return d_->cap.get(cv::CAP_PROP_FPS); }
int64_t VideoReader::frameCount() const { return static_cast<int64_t>(d_->cap.get(cv::CAP_PROP_FRAME_COUNT)); }
int VideoReader::width() const { return static_cast<int>(d_->cap.get(cv::CAP_PROP_FRAME_WIDTH)); }
int VideoReader::height() const { return static_cast<int>(d_->cap.get(cv::CAP_PROP_FRAME_HEIGHT)); }

struct VideoWriter::Impl {
    std::string path, temp;
    TemporaryGuard guard;  ///< the temporary is deleted on SIGINT / SIGTERM too
    int width = 0, height = 0, encW = 0, encH = 0, audioRate = 0;
    AVFormatContext* oc = nullptr;
    ff::CodecContext video, audio;
    AVStream* vst = nullptr;
    AVStream* ast = nullptr;
    ff::Sws sws;
    ff::Swr swr;
    ff::Frame vframe, aframe;
    ff::Packet pkt;
    int64_t frames = 0, samplesWritten = 0;
    std::vector<float> fifo;  ///< resampled audio waiting for a full encoder frame
    bool finished = false;

    [[noreturn]] void error(const std::string& what, int rc = 0) {
        fail(ErrorKind::Media, "cannot write video '" + path + "': " + what + (rc ? " (" + ff::errorText(rc) + ")" : ""));
    }
    void drain(AVCodecContext* ctx, AVStream* st) {
        while (true) {
            const int rc = avcodec_receive_packet(ctx, pkt.get());
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
            if (rc < 0) error("encoding failed", rc);
            if (pkt->duration == 0 && ctx == video.get()) pkt->duration = 1;  // one frame; else the last frame is lost
            av_packet_rescale_ts(pkt.get(), ctx->time_base, st->time_base);
            pkt->stream_index = st->index;
            if (int w = av_interleaved_write_frame(oc, pkt.get()); w < 0) error("writing failed", w);
        }
    }
    void encodeAudioFrame(int n) {
        av_frame_make_writable(aframe.get());
        aframe->nb_samples = n;
        std::copy_n(fifo.data(), n, reinterpret_cast<float*>(aframe->data[0]));
        std::fill(reinterpret_cast<float*>(aframe->data[0]) + n, reinterpret_cast<float*>(aframe->data[0]) + audio->frame_size, 0.0f);
        aframe->pts = samplesWritten;
        samplesWritten += n;
        fifo.erase(fifo.begin(), fifo.begin() + n);
        if (int rc = avcodec_send_frame(audio.get(), aframe.get()); rc < 0) error("audio encoding failed", rc);
        drain(audio.get(), ast);
    }
};

VideoWriter::VideoWriter(const std::string& path, int width, int height, double fps, int audioRate) : d_(std::make_unique<Impl>()) {
    ff::quietLogs();
    Impl& d = *d_;
    d.path = path;
    d.width = width;
    d.height = height;
    d.encW = width + (width & 1);
    d.encH = height + (height & 1);
    d.audioRate = audioRate;
    if (width <= 0 || height <= 0 || !(fps > 0)) d.error("invalid size or frame rate");
    const std::filesystem::path target(path);
    d.temp = (target.parent_path() / ("." + target.filename().string() + ".part" + target.extension().string())).string();
    d.guard.hold(d.temp);
    if (int rc = avformat_alloc_output_context2(&d.oc, nullptr, nullptr, d.temp.c_str()); rc < 0 || !d.oc)
        d.error("unknown container for '" + target.extension().string() + "'", rc);
    d.pkt.reset(av_packet_alloc());

    const AVCodec* vc = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
    if (!vc) d.error("FFmpeg has no MPEG-4 encoder");
    d.vst = avformat_new_stream(d.oc, nullptr);
    d.video.reset(avcodec_alloc_context3(vc));
    AVCodecContext* v = d.video.get();
    const AVRational rate = av_d2q(fps, 100000);
    v->width = d.encW;
    v->height = d.encH;
    v->time_base = av_inv_q(rate);
    v->framerate = rate;
    v->pix_fmt = AV_PIX_FMT_YUV420P;
    v->gop_size = 12;
    v->flags |= AV_CODEC_FLAG_QSCALE;
    v->global_quality = FF_QP2LAMBDA * 3;
    if (d.oc->oformat->flags & AVFMT_GLOBALHEADER) v->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (int rc = avcodec_open2(v, vc, nullptr); rc < 0) d.error("cannot open the video encoder", rc);
    avcodec_parameters_from_context(d.vst->codecpar, v);
    d.vst->time_base = v->time_base;
    d.vframe.reset(av_frame_alloc());
    d.vframe->format = v->pix_fmt;
    d.vframe->width = v->width;
    d.vframe->height = v->height;
    av_frame_get_buffer(d.vframe.get(), 0);
    d.sws.reset(sws_getContext(d.encW, d.encH, AV_PIX_FMT_RGB24, d.encW, d.encH, AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr));

    if (audioRate > 0) {
        const AVCodec* ac = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (!ac) d.error("FFmpeg has no AAC encoder");
        d.ast = avformat_new_stream(d.oc, nullptr);
        d.audio.reset(avcodec_alloc_context3(ac));
        AVCodecContext* a = d.audio.get();
        a->sample_fmt = AV_SAMPLE_FMT_FLTP;
        a->sample_rate = 48000;
        av_channel_layout_default(&a->ch_layout, 1);
        a->bit_rate = 128000;
        a->time_base = {1, 48000};
        if (d.oc->oformat->flags & AVFMT_GLOBALHEADER) a->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (int rc = avcodec_open2(a, ac, nullptr); rc < 0) d.error("cannot open the AAC encoder", rc);
        avcodec_parameters_from_context(d.ast->codecpar, a);
        d.ast->time_base = a->time_base;
        d.aframe.reset(av_frame_alloc());
        d.aframe->format = a->sample_fmt;
        d.aframe->sample_rate = a->sample_rate;
        av_channel_layout_copy(&d.aframe->ch_layout, &a->ch_layout);
        d.aframe->nb_samples = a->frame_size;
        av_frame_get_buffer(d.aframe.get(), 0);
        AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
        SwrContext* swr = nullptr;
        if (swr_alloc_set_opts2(&swr, &mono, AV_SAMPLE_FMT_FLT, 48000, &mono, AV_SAMPLE_FMT_FLT, audioRate, 0, nullptr) < 0 || swr_init(swr) < 0) {
            swr_free(&swr);
            d.error("cannot resample the audio to 48 kHz");
        }
        d.swr.reset(swr);
    }
    if (int rc = avio_open(&d.oc->pb, d.temp.c_str(), AVIO_FLAG_WRITE); rc < 0) d.error("cannot create the file", rc);
    if (int rc = avformat_write_header(d.oc, nullptr); rc < 0) d.error("cannot write the header", rc);
}

VideoWriter::~VideoWriter() {
    Impl& d = *d_;
    if (d.oc) {
        if (d.oc->pb) avio_closep(&d.oc->pb);
        avformat_free_context(d.oc);
    }
    if (!d.finished && !d.temp.empty()) {
        std::error_code ec;
        std::filesystem::remove(d.temp, ec);
    }
}

void VideoWriter::addFrame(const ImageU8& f) {
    Impl& d = *d_;
    if (f.width != d.width || f.height != d.height)
        fail(ErrorKind::InvalidInput, "frame " + std::to_string(d.frames) + " is " + std::to_string(f.width) + "x" + std::to_string(f.height) +
                                          ", the video is " + std::to_string(d.width) + "x" + std::to_string(d.height));
    // The padding: swscale's SIMD reads up to 16 bytes past the last pixel of the source
    // (valgrind saw it on every frame), so the buffer is longer than the image.
    constexpr size_t kSwsPadding = 64;
    std::vector<uint8_t> rgb(static_cast<size_t>(d.encW) * d.encH * 3 + kSwsPadding, 0);
    for (int y = 0; y < d.encH; ++y)
        for (int x = 0; x < d.encW; ++x) std::copy_n(f.at(std::min(x, f.width - 1), std::min(y, f.height - 1)), 3, &rgb[(static_cast<size_t>(y) * d.encW + x) * 3]);
    av_frame_make_writable(d.vframe.get());
    const uint8_t* src[1] = {rgb.data()};
    const int stride[1] = {d.encW * 3};
    sws_scale(d.sws.get(), src, stride, 0, d.encH, d.vframe->data, d.vframe->linesize);
    d.vframe->pts = d.frames++;
    if (int rc = avcodec_send_frame(d.video.get(), d.vframe.get()); rc < 0) d.error("video encoding failed", rc);
    d.drain(d.video.get(), d.vst);
}

void VideoWriter::addAudio(const std::vector<float>& samples) {
    Impl& d = *d_;
    if (!d.audio) fail(ErrorKind::Internal, "addAudio() on a video writer opened without sound");
    const int maxOut = swr_get_out_samples(d.swr.get(), static_cast<int>(samples.size()));
    std::vector<float> out(static_cast<size_t>(std::max(0, maxOut)));
    uint8_t* dst = reinterpret_cast<uint8_t*>(out.data());
    const uint8_t* src = reinterpret_cast<const uint8_t*>(samples.data());
    const int n = swr_convert(d.swr.get(), &dst, maxOut, &src, static_cast<int>(samples.size()));
    d.fifo.insert(d.fifo.end(), out.begin(), out.begin() + std::max(0, n));
    while (static_cast<int>(d.fifo.size()) >= d.audio->frame_size) d.encodeAudioFrame(d.audio->frame_size);
}

void VideoWriter::finish() {
    Impl& d = *d_;
    if (d.audio) {
        // Flush the resampler, then the last (zero-padded) audio frame.
        const int maxOut = swr_get_out_samples(d.swr.get(), 0);
        if (maxOut > 0) {
            std::vector<float> out(static_cast<size_t>(maxOut));
            uint8_t* dst = reinterpret_cast<uint8_t*>(out.data());
            const int n = swr_convert(d.swr.get(), &dst, maxOut, nullptr, 0);
            d.fifo.insert(d.fifo.end(), out.begin(), out.begin() + std::max(0, n));
        }
        while (!d.fifo.empty()) d.encodeAudioFrame(std::min<int>(static_cast<int>(d.fifo.size()), d.audio->frame_size));
        avcodec_send_frame(d.audio.get(), nullptr);
        d.drain(d.audio.get(), d.ast);
    }
    avcodec_send_frame(d.video.get(), nullptr);
    d.drain(d.video.get(), d.vst);
    if (int rc = av_write_trailer(d.oc); rc < 0) d.error("cannot finish the file", rc);
    avio_closep(&d.oc->pb);
    std::error_code ec;
    std::filesystem::rename(d.temp, d.path, ec);
    if (ec) d.error(ec.message());
    d.finished = true;
}

void writeVideo(const std::string& path, const std::vector<ImageU8>& frames, double fps, const AudioBuffer* audio) {
    if (frames.empty()) fail(ErrorKind::InvalidInput, "no frames to write to '" + path + "'");
    const bool sound = audio && !audio->empty();
    VideoWriter w(path, frames.front().width, frames.front().height, fps, sound ? audio->sample_rate : 0);
    for (const auto& f : frames) w.addFrame(f);
    if (sound) w.addAudio(audio->samples);
    w.finish();
}

}  // namespace perceiver
