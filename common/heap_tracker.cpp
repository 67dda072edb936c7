// Replaces every form of the global operator new / delete to count heap bytes.
// Only benchmark binaries link this file (CMake object library lsm_heap_tracking).

#include "common/heap_tracker.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace lsm::heap {
namespace {

std::atomic<std::uint64_t> g_live{0};
std::atomic<std::uint64_t> g_peak{0};
std::atomic<std::uint64_t> g_allocations{0};

void Count(void* p) noexcept {
  const std::uint64_t size = ::malloc_usable_size(p);
  const std::uint64_t live = g_live.fetch_add(size, std::memory_order_relaxed) + size;
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  std::uint64_t peak = g_peak.load(std::memory_order_relaxed);
  while (live > peak && !g_peak.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
}

void* Allocate(std::size_t size) noexcept {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p != nullptr) Count(p);
  return p;
}

void* AllocateAligned(std::size_t size, std::align_val_t align) noexcept {
  const auto alignment = static_cast<std::size_t>(align);
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t rounded = ((size == 0 ? 1 : size) + alignment - 1) / alignment * alignment;
  void* p = std::aligned_alloc(alignment, rounded);
  if (p != nullptr) Count(p);
  return p;
}

void Release(void* p) noexcept {
  if (p == nullptr) return;
  g_live.fetch_sub(::malloc_usable_size(p), std::memory_order_relaxed);
  std::free(p);
}

void* AllocateOrThrow(std::size_t size) {
  void* p = Allocate(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void* AllocateAlignedOrThrow(std::size_t size, std::align_val_t align) {
  void* p = AllocateAligned(size, align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

std::uint64_t LiveBytes() noexcept { return g_live.load(std::memory_order_relaxed); }
std::uint64_t PeakBytes() noexcept { return g_peak.load(std::memory_order_relaxed); }
std::uint64_t Allocations() noexcept { return g_allocations.load(std::memory_order_relaxed); }
void ResetPeak() noexcept { g_peak.store(LiveBytes(), std::memory_order_relaxed); }

}  // namespace lsm::heap

using lsm::heap::Release;

// NOLINTBEGIN(misc-new-delete-overloads): all replaceable forms, on purpose.
void* operator new(std::size_t size) { return lsm::heap::AllocateOrThrow(size); }
void* operator new[](std::size_t size) { return lsm::heap::AllocateOrThrow(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return lsm::heap::Allocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return lsm::heap::Allocate(size);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return lsm::heap::AllocateAlignedOrThrow(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return lsm::heap::AllocateAlignedOrThrow(size, align);
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return lsm::heap::AllocateAligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return lsm::heap::AllocateAligned(size, align);
}

void operator delete(void* p) noexcept { Release(p); }
void operator delete[](void* p) noexcept { Release(p); }
void operator delete(void* p, std::size_t) noexcept { Release(p); }
void operator delete[](void* p, std::size_t) noexcept { Release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { Release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { Release(p); }
void operator delete(void* p, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { Release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { Release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { Release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { Release(p); }
// NOLINTEND(misc-new-delete-overloads)
