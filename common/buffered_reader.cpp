#include "common/buffered_reader.h"

#include <algorithm>

#include "common/errors.h"

namespace lsm {

BufferedReader::BufferedReader(const RandomAccessFile& file, std::uint64_t begin, std::uint64_t end,
                               std::size_t chunk_bytes)
    : file_(file), end_(end), chunk_bytes_(chunk_bytes), buffer_offset_(begin) {}

void BufferedReader::Rewind(std::uint64_t begin) {
  buffer_.clear();
  buffer_offset_ = begin;
  position_ = 0;
}

std::string_view BufferedReader::Read(std::size_t n) {
  if (buffer_.size() - position_ < n) {
    // Keep the unread tail, then read ahead: what is missing, and up to a whole chunk (never
    // past the end). The buffer so never holds more than max(chunk, n) bytes, and its
    // capacity, once a chunk, stays one chunk.
    buffer_.erase(0, position_);
    buffer_offset_ += position_;
    position_ = 0;
    const std::uint64_t have_until = buffer_offset_ + buffer_.size();
    const std::uint64_t missing = n - buffer_.size();
    const std::uint64_t left = end_ - have_until;
    if (left < missing) {
      throw CorruptionError(file_.path(), have_until,
                            "wanted " + std::to_string(missing) + " more bytes, the region has " +
                                std::to_string(left));
    }
    const std::size_t old_size = buffer_.size();
    const std::uint64_t fill = chunk_bytes_ > old_size ? chunk_bytes_ - old_size : 0;
    const auto read =
        static_cast<std::size_t>(std::min<std::uint64_t>(std::max(missing, fill), left));
    buffer_.resize(old_size + read);
    static_cast<void>(file_.Read(have_until, read, buffer_.data() + old_size));
  }
  const std::string_view bytes(buffer_.data() + position_, n);
  position_ += n;
  return bytes;
}

}  // namespace lsm
