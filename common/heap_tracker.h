/// \file
/// Heap accounting for benchmarks. Linking the object library `lsm_heap_tracking` replaces the
/// global `operator new` / `operator delete` (every form: plain, array, sized, aligned, nothrow)
/// with versions that count the bytes malloc really hands out (`malloc_usable_size`). It is
/// linked only into benchmark binaries; calling these functions elsewhere fails to link.
///
/// The counters are process-wide and the benchmark library allocates too, so always read them
/// as a delta around the measured region, which is what PeakHeapTracker does.
#pragma once

#include <cstdint>

namespace lsm::heap {

/// Bytes currently allocated through `operator new`.
[[nodiscard]] std::uint64_t LiveBytes() noexcept;

/// Highest LiveBytes() since the last ResetPeak().
[[nodiscard]] std::uint64_t PeakBytes() noexcept;

/// Number of `operator new` calls so far.
[[nodiscard]] std::uint64_t Allocations() noexcept;

/// Starts a new peak window: PeakBytes() becomes LiveBytes().
void ResetPeak() noexcept;

/// Measures one region: how far the heap rose above the level it had when the tracker was made.
/// Not reentrant: two live trackers share the process-wide peak.
class PeakHeapTracker {
 public:
  PeakHeapTracker() noexcept : baseline_(LiveBytes()) { ResetPeak(); }

  /// Highest heap level seen since construction, minus the level at construction.
  [[nodiscard]] std::uint64_t peak_bytes() const noexcept { return PeakBytes() - baseline_; }

  /// Bytes allocated since construction and still live (negative if the region freed more).
  [[nodiscard]] std::int64_t live_bytes() const noexcept {
    return static_cast<std::int64_t>(LiveBytes()) - static_cast<std::int64_t>(baseline_);
  }

 private:
  std::uint64_t baseline_;
};

}  // namespace lsm::heap
