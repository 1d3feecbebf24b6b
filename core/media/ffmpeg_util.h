// Small RAII helpers and error text for the FFmpeg C API (internal to perceiver_media).
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <cstdarg>
#include <cstdlib>
#include <memory>
#include <string>

namespace perceiver::ff {

/// FFmpeg logs on stderr (encoder statistics at info level, "moov atom not found" at error
/// level) before our own message says the same: every failure reaches the user as one
/// Error(Media) of ours, so FFmpeg's log goes nowhere. A callback, not a level: OpenCV sets the
/// level back to AV_LOG_ERROR when it first opens a video. PERCEIVER_FFMPEG_LOG=1 keeps it.
inline void quietLogs() {
    static const bool keep = [] {
        const char* v = std::getenv("PERCEIVER_FFMPEG_LOG");
        return v && *v && *v != '0';
    }();
    if (keep) return;
    av_log_set_callback([](void*, int, const char*, va_list) {});
}

inline std::string errorText(int code) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
    av_strerror(code, buf, sizeof buf);
    return buf;
}

struct FormatInputDeleter { void operator()(AVFormatContext* c) const { avformat_close_input(&c); } };
struct CodecContextDeleter { void operator()(AVCodecContext* c) const { avcodec_free_context(&c); } };
struct FrameDeleter { void operator()(AVFrame* f) const { av_frame_free(&f); } };
struct PacketDeleter { void operator()(AVPacket* p) const { av_packet_free(&p); } };
struct SwrDeleter { void operator()(SwrContext* s) const { swr_free(&s); } };
struct SwsDeleter { void operator()(SwsContext* s) const { sws_freeContext(s); } };

using FormatInput = std::unique_ptr<AVFormatContext, FormatInputDeleter>;
using CodecContext = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using Frame = std::unique_ptr<AVFrame, FrameDeleter>;
using Packet = std::unique_ptr<AVPacket, PacketDeleter>;
using Swr = std::unique_ptr<SwrContext, SwrDeleter>;
using Sws = std::unique_ptr<SwsContext, SwsDeleter>;

}  // namespace perceiver::ff
