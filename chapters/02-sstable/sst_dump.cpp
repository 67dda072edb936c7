// sst-dump: shows what is inside an SSTable, with file offsets.
//
//   sst-dump FILE             footer, sparse index and every entry
//   sst-dump --summary FILE   footer and sparse index only
//
// It checks what the reader checks (checksums, the index against the groups, key order) and
// exits 1 at the first damage, after printing everything before it.

#include <cstdio>
#include <cstring>
#include <string>

#include "chapters/02-sstable/format.h"
#include "chapters/02-sstable/sparse_index.h"
#include "common/bytes.h"
#include "common/crc32c.h"
#include "common/errors.h"
#include "common/file_system.h"

namespace {

std::string Shown(std::string_view bytes, std::size_t limit = 40) {
  std::string shown = lsm::EscapeBytes(bytes.substr(0, limit));
  if (bytes.size() > limit) shown += "...(" + std::to_string(bytes.size()) + " bytes)";
  return shown;
}

void Dump(const std::string& path, bool entries) {
  auto file = lsm::FileSystem::Posix().NewRandomAccessFile(path);
  const lsm::sst::Footer footer = lsm::sst::ReadFooter(*file);
  const std::uint64_t footer_at = file->size() - footer.size();
  std::printf("%s: %llu bytes, format version %u\n", path.c_str(),
              static_cast<unsigned long long>(file->size()), footer.version());
  std::printf("footer @%llu: entries %llu, index interval %u, index @%llu (%llu bytes, crc %08x)\n",
              static_cast<unsigned long long>(footer_at),
              static_cast<unsigned long long>(footer.entry_count), footer.index_interval,
              static_cast<unsigned long long>(footer.index_offset),
              static_cast<unsigned long long>(footer.index_size), footer.index_crc);
  if (footer.filter_size > 0) {
    std::printf("filter @%llu: %llu bytes, crc %08x (chapter 6)\n",
                static_cast<unsigned long long>(footer.filter_offset()),
                static_cast<unsigned long long>(footer.filter_size), footer.filter_crc);
    std::string block(footer.filter_size, '\0');
    static_cast<void>(file->Read(footer.filter_offset(), block.size(), block.data()));
    if (lsm::Crc32c(block) != footer.filter_crc) {
      throw lsm::CorruptionError(path, footer.filter_offset(), "filter checksum mismatch");
    }
  }

  const lsm::SparseIndex index = lsm::SparseIndex::Read(*file, footer);
  std::printf("sparse index: %zu groups\n", index.size());
  for (std::size_t g = 0; g < index.size(); ++g) {
    std::printf("  group %zu @%llu..%llu first key \"%s\"\n", g,
                static_cast<unsigned long long>(index.group_begin(g)),
                static_cast<unsigned long long>(index.group_end(g)),
                Shown(index.first_key(g)).c_str());
  }
  if (!entries) return;

  std::printf("entries:\n");
  for (std::size_t g = 0; g < index.size(); ++g) {
    const lsm::sst::Group group = index.ReadGroup(*file, footer, g);  // the reader's checks
    std::uint64_t offset = group.offset;
    for (const lsm::sst::EntryView& entry : group.entries) {
      std::printf("  @%-8llu %-9s \"%s\" -> \"%s\"\n", static_cast<unsigned long long>(offset),
                  entry.tombstone ? "tombstone" : "put", Shown(entry.key).c_str(),
                  entry.tombstone ? "" : Shown(entry.value).c_str());
      offset += lsm::sst::kEntryHeaderSize + entry.key.size() + entry.value.size();
    }
    std::printf("  @%-8llu crc32c of group %zu (checked, keys agree with the index)\n",
                static_cast<unsigned long long>(offset), g);
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool entries = true;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--summary") == 0) {
      entries = false;
    } else if (path == nullptr && argv[i][0] != '-') {
      path = argv[i];
    } else {
      path = nullptr;
      break;
    }
  }
  if (path == nullptr) {
    std::fprintf(stderr, "usage: sst-dump [--summary] FILE\n");
    return 2;
  }
  try {
    Dump(path, entries);
  } catch (const lsm::Error& error) {
    std::fprintf(stderr, "sst-dump: %s\n", error.what());
    return 1;
  }
  return 0;
}
