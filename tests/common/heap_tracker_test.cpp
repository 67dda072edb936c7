// The benchmarks' heap accounting must count what it claims to: every form of operator new and
// delete, live and peak bytes. This binary links lsm_heap_tracking like a benchmark does.
//
// Readings are taken into locals before any CHECK, because Catch2 allocates when it records a
// result; pointers escape through a volatile sink so the optimizer cannot elide the allocations.

#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "common/buffered_reader.h"
#include "common/file_system.h"
#include "common/heap_tracker.h"
#include "common/temp_dir.h"

namespace {

struct alignas(64) CacheLine {
  char bytes[64];
};

void* volatile g_sink;

template <class T>
T* Escape(T* pointer) {
  g_sink = pointer;
  return pointer;
}

}  // namespace

TEST_CASE("plain, array and sized new/delete are counted and given back", "[heap]") {
  const std::uint64_t before = lsm::heap::LiveBytes();
  char* block = Escape(new char[10'000]);
  const std::uint64_t with_block = lsm::heap::LiveBytes();
  delete[] block;
  const std::uint64_t after_block = lsm::heap::LiveBytes();
  long* number = Escape(new long(7));  // freed by the sized operator delete
  const std::uint64_t with_number = lsm::heap::LiveBytes();
  delete number;
  const std::uint64_t after_number = lsm::heap::LiveBytes();

  CHECK(with_block >= before + 10'000);
  CHECK(after_block == before);
  CHECK(with_number >= before + sizeof(long));
  CHECK(after_number == before);
}

TEST_CASE("aligned and nothrow forms are counted and given back", "[heap]") {
  const std::uint64_t before = lsm::heap::LiveBytes();
  CacheLine* line = Escape(new CacheLine);
  const std::uint64_t with_line = lsm::heap::LiveBytes();
  const bool aligned = reinterpret_cast<std::uintptr_t>(line) % 64 == 0;
  delete line;
  CacheLine* lines = Escape(new CacheLine[3]);
  const std::uint64_t with_lines = lsm::heap::LiveBytes();
  delete[] lines;
  char* maybe = Escape(new (std::nothrow) char[500]);
  const std::uint64_t with_nothrow = lsm::heap::LiveBytes();
  ::operator delete[](maybe, std::nothrow);
  const std::uint64_t after = lsm::heap::LiveBytes();

  CHECK(aligned);
  CHECK(with_line >= before + 64);
  CHECK(with_lines >= before + 3 * 64);
  CHECK(with_nothrow >= before + 500);
  CHECK(after == before);
}

TEST_CASE("PeakHeapTracker reports the high-water mark of a region", "[heap]") {
  const std::uint64_t allocations = lsm::heap::Allocations();
  lsm::heap::PeakHeapTracker region;
  std::int64_t live_with_big = 0;
  {
    std::vector<char> big(1 << 20);
    Escape(big.data());
    live_with_big = region.live_bytes();
  }
  auto small = std::make_unique<int>(1);
  Escape(small.get());
  const std::uint64_t peak = region.peak_bytes();
  const std::int64_t live = region.live_bytes();
  const std::uint64_t allocated = lsm::heap::Allocations() - allocations;

  CHECK(live_with_big >= (1 << 20));
  CHECK(peak >= (1 << 20));
  CHECK(live < 1024);
  CHECK(allocated >= 2);
}

// BufferedReader promises one chunk of memory (more only for a single read larger than a chunk):
// refilling must not grow its buffer past a chunk, as appending a chunk to the unread tail would.
TEST_CASE("a BufferedReader reading a file front to back holds one chunk", "[heap]") {
  constexpr std::size_t kChunk = 64 * 1024;
  const lsm::TempDir dir("buffered-reader");
  const std::string path = (dir / "data").string();
  lsm::FileSystem& fs = lsm::FileSystem::Posix();
  {
    auto file = fs.NewWritableFile(path);
    file->Append(std::string(1 << 20, 'x'));
    file->Close();
  }
  const auto file = fs.NewRandomAccessFile(path);
  std::uint64_t small_reads_peak = 0;
  std::uint64_t large_read_peak = 0;
  {
    const lsm::heap::PeakHeapTracker heap;
    lsm::BufferedReader reader(*file, 0, file->size(), kChunk);
    while (file->size() - reader.offset() >= 100'000 + 100) {
      static_cast<void>(reader.Read(100));  // 100 does not divide 64 KiB: a tail at each refill
    }
    small_reads_peak = heap.peak_bytes();
    static_cast<void>(reader.Read(100'000));  // one read larger than a chunk
    large_read_peak = heap.peak_bytes();
  }
  CHECK(small_reads_peak >= kChunk);
  CHECK(small_reads_peak <= kChunk + 4096);
  // While the buffer grows for the large read, the old chunk and the new buffer (a string at
  // least doubles its capacity) are both alive.
  CHECK(large_read_peak <= kChunk + 2 * kChunk + 4096);
}
