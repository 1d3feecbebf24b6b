// For loaders that take a path (config.json, .flo, KITTI PNG): each input is written to one
// file in /dev/shm (memory), so the real path, open and size checks run too.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

inline const std::string& fuzzFile(const uint8_t* data, size_t size, const char* name) {
    static const std::string path = "/dev/shm/perceiver-fuzz-" + std::to_string(::getpid()) + "-" + name;
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
    }
    return path;
}
