// libFuzzer target: one write-ahead log file (chapter 7), hostile bytes. The input is the whole
// file. It is read in each recovery mode, as records (LogReader) and as write batches
// (BatchLogReader), and the raw input is also decoded as one write batch. Every read must end in
// a correct result or a CorruptionError naming the file and an offset inside it (for the raw
// batch: the origin it was given); any other exception, a sanitizer report, or a read that
// contradicts the headers' contracts is a bug (fuzz::Fail aborts):
//   - the records and the damage are what the format's rules say: a plain reference reader here
//     (ReadReference) follows log_format.h and log_reader.h, and the reader must return its
//     records at its offsets, and throw (absolute consistency) exactly at its first damage;
//   - kPointInTime never throws from the log layer; kAbsoluteConsistency never drops;
//   - a mode that throws drops nothing, a mode that drops stops: at most one dropped stretch,
//     running to the end of the file from the damage, or from the FIRST of the record it cut;
//   - every mode stops at the first damage, so all three return the same records before it;
//     kTolerateCorruptedTail throws there if a valid physical record follows anywhere (damage
//     before the tail), else drops what kPointInTime drops (a torn tail);
//   - once a read has ended it stays ended;
//   - records written again with LogWriter read back as the same records, nothing dropped;
//   - BatchLogReader returns the records in order, each a batch whose Entries() decode and
//     whose sequence numbers do not go backwards or pass the limit; it stops, with a
//     CorruptionError at the record's offset, exactly at the first record that is not such a
//     batch, or where the log layer stopped or threw;
//   - WriteBatch::Entries() accepts exactly what write_batch.h's encoding allows and decodes
//     what a plain reference decoder (ReferenceEntries) does; a batch that decodes re-encodes
//     (Put/Remove, SetSequence) to one that decodes to the same entries; Apply() hands over
//     exactly Entries(), and nothing at all if Entries() throws.
//
// Every input is tried twice: as given, and with every physical record's checksum recomputed
// (tests/support/checksum_repair.h), so that mutations reach the fragment reassembly and the
// batch decoder behind the checksums.
//
// Run by hand (the first directory receives new inputs; never give tests/fuzz/corpus first):
//   mkdir -p /tmp/corpus
//   TMPDIR=/dev/shm build/fuzz/tests/fuzz/fuzz_log /tmp/corpus tests/fuzz/corpus/log
// A saved crash replays with: build/fuzz/tests/fuzz/fuzz_log <file>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/07-write-ahead-log/batch_log.h"
#include "chapters/07-write-ahead-log/log_format.h"
#include "chapters/07-write-ahead-log/log_reader.h"
#include "chapters/07-write-ahead-log/log_writer.h"
#include "chapters/07-write-ahead-log/write_batch.h"
#include "common/coding.h"
#include "common/errors.h"
#include "common/file_system.h"
#include "common/temp_dir.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/support/checksum_repair.h"

namespace {

using lsm::CorruptionError;
using lsm::fuzz::Fail;
using lsm::fuzz::Require;
using lsm::wal::DroppedBytes;
using lsm::wal::RecoveryMode;

constexpr RecoveryMode kModes[] = {RecoveryMode::kAbsoluteConsistency,
                                   RecoveryMode::kTolerateCorruptedTail,
                                   RecoveryMode::kPointInTime};
constexpr const char* kModeNames[] = {"absolute", "tolerate-tail", "point-in-time"};

// Fails with "<what>: <detail>" unless `condition` holds; the message is only built then.
void Expect(bool condition, const std::string& what, const char* detail) {
  if (!condition) Fail(what + ": " + detail);
}

// Runs `operation`; nullopt if it finished, else the CorruptionError that stopped it, which must
// name `file` and an offset at most `limit`. Any other exception fails the run.
template <typename Operation>
std::optional<CorruptionError> Typed(const std::string& file, std::uint64_t limit,
                                     const std::string& what, Operation&& operation) {
  try {
    operation();
    return std::nullopt;
  } catch (const CorruptionError& e) {
    Require(e.file() == file, what + ": CorruptionError names another file: " + e.what());
    Require(e.offset() <= limit,
            what + ": CorruptionError offset past " + std::to_string(limit) + ": " + e.what());
    return e;
  } catch (const std::exception& e) {
    Fail(what + ": an exception other than CorruptionError: " + e.what());
  } catch (...) {
    Fail(what + ": a non-standard exception");
  }
}

// What one mode made of a log, record by record.
struct LogRead {
  std::vector<std::string> records;
  std::vector<std::uint64_t> offsets;  // last_record_offset() after each
  std::vector<DroppedBytes> dropped;
  std::optional<CorruptionError> error;
};

LogRead ReadRecords(const std::string& path, std::uint64_t size, RecoveryMode mode,
                    const std::string& what) {
  LogRead read;
  lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(path), mode);
  read.error = Typed(path, size, what, [&] {
    while (const auto record = reader.ReadRecord()) {
      read.records.emplace_back(*record);
      read.offsets.push_back(reader.last_record_offset());
    }
  });
  read.dropped = reader.dropped();
  if (!read.error) {  // ended: it stays ended
    std::optional<std::string_view> again;
    const auto error = Typed(path, size, what, [&] { again = reader.ReadRecord(); });
    Expect(!error && !again, what, "ReadRecord() after the end returns more");
    Expect(reader.dropped().size() == read.dropped.size(), what, "drops more after the end");
  }
  return read;
}

// The contract of one mode on its own.
void CheckRead(const LogRead& read, RecoveryMode mode, std::uint64_t size,
               const std::string& what) {
  for (std::size_t i = 0; i < read.offsets.size(); ++i) {
    Expect(read.offsets[i] < size, what, "a record offset past the end of the file");
    Expect(i == 0 || read.offsets[i - 1] < read.offsets[i], what, "record offsets do not increase");
  }
  if (mode == RecoveryMode::kPointInTime) {
    if (read.error) Fail(what + ": point-in-time recovery threw: " + read.error->what());
  }
  if (mode == RecoveryMode::kAbsoluteConsistency) {
    Expect(read.dropped.empty(), what, "absolute consistency dropped bytes");
  }
  Expect(!read.error || read.dropped.empty(), what, "threw after dropping bytes");
  Expect(read.dropped.size() <= 1, what, "dropped twice (a mode that drops stops)");
  for (const DroppedBytes& d : read.dropped) {
    Expect(d.offset <= size && d.bytes == size - d.offset, what,
           "the dropped stretch does not run to the end of the file");
    Expect(read.offsets.empty() || d.offset > read.offsets.back(), what,
           "dropped bytes before the last record returned");
    Expect(!d.reason.empty(), what, "dropped bytes without a reason");
  }
}

// True if a physical record with a known type, a length that fits in its block and the file,
// and a matching checksum starts anywhere after `offset`: the damage at `offset` is then not a
// torn tail (log_reader.h).
bool ValidPhysicalRecordAfter(std::string_view log, std::uint64_t offset) {
  using lsm::wal::kBlockSize;
  using lsm::wal::kHeaderSize;
  for (std::size_t at = offset + 1; at + kHeaderSize <= log.size(); ++at) {
    const auto type = static_cast<std::uint8_t>(log[at + 6]);
    if (type == 0 || type > lsm::wal::kMaxRecordType) continue;
    const std::size_t length =
        static_cast<unsigned char>(log[at + 4]) |
        (static_cast<std::size_t>(static_cast<unsigned char>(log[at + 5])) << 8);
    if (at % kBlockSize + kHeaderSize + length > kBlockSize ||
        at + kHeaderSize + length > log.size()) {
      continue;
    }
    if (lsm::wal::RecordCrc(static_cast<lsm::wal::RecordType>(type),
                            log.substr(at + kHeaderSize, length)) ==
        lsm::DecodeFixed32(log.data() + at)) {
      return true;
    }
  }
  return false;
}

// The log as log_format.h and log_reader.h describe it, read by the plainest code that follows
// their rules, to hold the reader to: the records before the first damage, where that damage
// is (the file's size if the log ends inside a fragmented record) and, if it cut a fragmented
// record, where that record's FIRST is.
struct Reference {
  std::vector<std::string> records;
  std::vector<std::uint64_t> offsets;
  std::optional<std::uint64_t> damage;
  std::optional<std::uint64_t> partial;
};

Reference ReadReference(std::string_view log) {
  using lsm::wal::kBlockSize;
  using lsm::wal::kHeaderSize;
  using lsm::wal::RecordType;
  Reference ref;
  std::string record;
  std::optional<std::uint64_t> first;  // of the fragmented record being reassembled
  std::uint64_t at = 0;
  auto damage = [&](std::uint64_t offset) {
    ref.damage = offset;
    ref.partial = first;
    return ref;
  };
  while (at < log.size()) {
    const std::uint64_t block_end =
        std::min<std::uint64_t>(log.size(), at - at % kBlockSize + kBlockSize);
    const std::uint64_t left = block_end - at;
    if (left < kHeaderSize) {  // a trailer, which must be zeros in a whole block
      const bool file_ends_in_block = block_end == log.size() && block_end % kBlockSize != 0;
      if (file_ends_in_block || log.substr(at, left).find_first_not_of('\0') != std::string::npos) {
        return damage(at);
      }
      at = block_end;
      continue;
    }
    const std::uint32_t crc = lsm::DecodeFixed32(log.data() + at);
    const std::size_t length =
        static_cast<unsigned char>(log[at + 4]) |
        (static_cast<std::size_t>(static_cast<unsigned char>(log[at + 5])) << 8);
    const auto type_byte = static_cast<std::uint8_t>(log[at + 6]);
    if (kHeaderSize + length > left || type_byte == 0 || type_byte > lsm::wal::kMaxRecordType) {
      return damage(at);  // zeros, a length past the block (or the file), an unknown type
    }
    const auto type = static_cast<RecordType>(type_byte);
    const std::string_view fragment = log.substr(at + kHeaderSize, length);
    if (lsm::wal::RecordCrc(type, fragment) != crc) return damage(at);
    const bool starts = type == RecordType::kFull || type == RecordType::kFirst;
    if (starts == first.has_value()) return damage(at);  // out of sequence
    if (type == RecordType::kFirst) {
      first = at;
      record.clear();
    }
    record.append(fragment);
    if (type == RecordType::kFull || type == RecordType::kLast) {
      ref.records.push_back(record);
      ref.offsets.push_back(first.value_or(at));
      first.reset();
      record.clear();
    }
    at += kHeaderSize + length;
  }
  if (first) return damage(log.size());
  return ref;
}

// The modes against each other (reads[i] is kModes[i]'s) and against the reference reading.
void CheckModesAgree(const LogRead (&reads)[3], std::string_view log) {
  const LogRead& absolute = reads[0];
  const LogRead& tail = reads[1];
  const LogRead& point = reads[2];
  for (const LogRead* read : {&absolute, &tail}) {
    Require(read->records == point.records && read->offsets == point.offsets,
            "the modes return different records before the first damage");
  }
  Require(absolute.error.has_value() == !point.dropped.empty(),
          "absolute consistency throws, or not, where point-in-time drops nothing, or something");
  Require(!tail.error || absolute.error, "tolerate-tail throws where absolute does not");

  const Reference ref = ReadReference(log);
  Require(point.records.size() == ref.records.size(),
          "the reader returns " + std::to_string(point.records.size()) +
              " records, the format's rules " + std::to_string(ref.records.size()));
  Require(point.records == ref.records && point.offsets == ref.offsets,
          "the reader returns other records or offsets than the format's rules");
  Require(absolute.error.has_value() == ref.damage.has_value(),
          ref.damage ? "absolute consistency misses damage at " + std::to_string(*ref.damage)
                     : "absolute consistency throws on a sound log: " +
                           std::string(absolute.error ? absolute.error->what() : ""));
  if (!ref.damage) return;
  Require(absolute.error->offset() == *ref.damage,
          "absolute consistency names offset " + std::to_string(absolute.error->offset()) +
              ", the damage is at " + std::to_string(*ref.damage));
  if (!tail.error) {
    Require(tail.dropped.size() == 1 && tail.dropped[0].offset == point.dropped[0].offset &&
                tail.dropped[0].bytes == point.dropped[0].bytes,
            "tolerate-tail drops other bytes than point-in-time");
  } else {
    Require(tail.error->offset() == *ref.damage,
            "tolerate-tail and absolute consistency throw at different offsets");
  }
  Require(point.dropped[0].offset == ref.partial.value_or(*ref.damage),
          "point-in-time drops from " + std::to_string(point.dropped[0].offset) +
              ", not from the damage or the FIRST of the record it cut");
  const bool valid_after = ValidPhysicalRecordAfter(log, *ref.damage);
  Require(tail.error.has_value() == valid_after,
          valid_after ? "tolerate-tail dropped damage that a valid record follows"
                      : "tolerate-tail threw at damage that no valid record follows (a torn tail)");
}

// Our writer, given the records read, writes a log that reads back as exactly them.
void CheckRewrite(const std::string& path, const std::vector<std::string>& records) {
  {
    lsm::wal::LogWriter writer(lsm::FileSystem::Posix().NewWritableFile(path));
    for (const std::string& record : records) writer.AddRecord(record);
    writer.Close();
  }
  const std::uint64_t size = lsm::FileSystem::Posix().NewRandomAccessFile(path)->size();
  const LogRead again = ReadRecords(path, size, RecoveryMode::kAbsoluteConsistency, "rewrite");
  Require(!again.error && again.dropped.empty() && again.records == records,
          "records written again by LogWriter do not read back as themselves");
}

// A batch rebuilt from `entries` with Put/Remove (and `batch`'s sequence number) decodes to the
// same entries.
void CheckReencode(const lsm::WriteBatch& batch, const std::vector<lsm::BatchEntry>& entries,
                   const std::string& what) {
  lsm::WriteBatch rebuilt;
  for (const lsm::BatchEntry& e : entries) {
    if (e.is_put) {
      rebuilt.Put(e.key, e.value);
    } else {
      rebuilt.Remove(e.key);
    }
  }
  if (!lsm::PassesSequenceLimit(batch.sequence(), batch.count())) {
    rebuilt.SetSequence(batch.sequence());
    Expect(rebuilt.sequence() == batch.sequence(), what, "SetSequence() does not stick");
  }
  Expect(rebuilt.count() == batch.count(), what, "the rebuilt batch counts otherwise");
  Expect(rebuilt.contents().size() <= batch.contents().size(), what,
         "the rebuilt batch is longer (minimal varints are never longer)");
  const std::vector<lsm::BatchEntry> decoded = rebuilt.Entries();
  Expect(decoded.size() == entries.size(), what, "the rebuilt batch decodes otherwise");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Expect(decoded[i].is_put == entries[i].is_put && decoded[i].key == entries[i].key &&
               decoded[i].value == entries[i].value,
           what, "the rebuilt batch decodes otherwise");
  }
}

// A batch's entries as write_batch.h's encoding describes them, decoded by the plainest code
// that follows it: nullopt unless `rep` is a 12-byte header and exactly its count of entries,
// each a 0x01 (put) or 0x00 (remove) tag, a varint32-prefixed key and, for a put, a
// varint32-prefixed value, and nothing after them.
std::optional<std::vector<lsm::BatchEntry>> ReferenceEntries(std::string_view rep) {
  if (rep.size() < lsm::WriteBatch::kHeaderSize) return std::nullopt;
  const std::uint32_t count = lsm::DecodeFixed32(rep.data() + 8);
  std::string_view input = rep.substr(lsm::WriteBatch::kHeaderSize);
  auto bytes = [&input]() -> std::optional<std::string_view> {
    const auto size = lsm::GetVarint32(input);
    if (!size || *size > input.size()) return std::nullopt;
    const std::string_view taken = input.substr(0, *size);
    input.remove_prefix(*size);
    return taken;
  };
  std::vector<lsm::BatchEntry> entries;
  while (!input.empty() && entries.size() < count) {
    const char tag = input.front();
    input.remove_prefix(1);
    if (tag != lsm::WriteBatch::kPutTag && tag != lsm::WriteBatch::kRemoveTag) return std::nullopt;
    const auto key = bytes();
    if (!key) return std::nullopt;
    lsm::BatchEntry entry{tag == lsm::WriteBatch::kPutTag, *key, {}};
    if (entry.is_put) {
      const auto value = bytes();
      if (!value) return std::nullopt;
      entry.value = *value;
    }
    entries.push_back(entry);
  }
  if (!input.empty() || entries.size() != count) return std::nullopt;
  return entries;
}

// True if `a` and `b` hold the same entries.
bool SameEntries(const std::vector<lsm::BatchEntry>& a, const std::vector<lsm::BatchEntry>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_put != b[i].is_put || a[i].key != b[i].key || a[i].value != b[i].value) {
      return false;
    }
  }
  return true;
}

// Why `record` would stop BatchLogReader after a batch that ended at `next`: a reason, or
// nullopt if it is a batch it must return (then `next` moves past it).
std::optional<std::string> BatchProblem(const std::string& record, std::uint64_t& next) {
  if (record.size() < lsm::WriteBatch::kHeaderSize) return "shorter than a batch header";
  if (!ReferenceEntries(record)) return "entries that do not decode";
  const std::uint64_t sequence = lsm::DecodeFixed64(record.data());
  const std::uint32_t count = lsm::DecodeFixed32(record.data() + 8);
  if (sequence < next) return "sequence numbers that go backwards";
  if (lsm::PassesSequenceLimit(sequence, count)) return "past the limit";
  next = sequence + count;
  return std::nullopt;
}

// Where BatchLogReader must stop on a log whose records are `records`: at the first record that
// is not a batch to return (`problem` says why), else where the log layer stops.
struct BatchModel {
  std::size_t first_bad = 0;
  std::optional<std::string> problem;
};

BatchModel ModelBatches(const std::vector<std::string>& records) {
  BatchModel model;
  std::uint64_t next = 0;
  while (model.first_bad < records.size() &&
         !(model.problem = BatchProblem(records[model.first_bad], next))) {
    ++model.first_bad;
  }
  return model;
}

// BatchLogReader in `mode` against what LogReader returned in that mode and the model. Each
// batch is re-encoded too if `reencode` (the modes return the same records: once is enough).
void CheckBatches(const std::string& path, std::uint64_t size, RecoveryMode mode,
                  const LogRead& read, const BatchModel& model, bool reencode,
                  const std::string& what) {
  lsm::wal::LogReader reader(lsm::FileSystem::Posix().NewRandomAccessFile(path), mode);
  lsm::wal::BatchLogReader batches(reader);
  std::size_t returned = 0;
  std::uint64_t next = 0;  // where the batch before ended
  const auto error = Typed(path, size, what, [&] {
    while (const auto batch = batches.Next()) {
      Expect(returned < read.records.size(), what, "more batches than records");
      Expect(batch->contents() == read.records[returned], what, "a batch is not its record");
      Expect(batch->origin_file() == path && batch->origin_offset() == read.offsets[returned], what,
             "a batch names another origin than its record's");
      std::vector<lsm::BatchEntry> entries;
      const auto bad = Typed(path, size, what, [&] { entries = batch->Entries(); });
      Expect(!bad, what, "a batch returned does not decode");
      Expect(entries.size() == batch->count(), what, "a batch holds other than count()");
      Expect(batch->sequence() >= next, what, "sequence numbers go backwards");
      Expect(!lsm::PassesSequenceLimit(batch->sequence(), batch->count()), what,
             "a batch passes the sequence limit");
      next = batch->end_sequence();
      Expect(batches.next_sequence() == next, what, "next_sequence() is not the batch's end");
      if (reencode) CheckReencode(*batch, entries, what);
      ++returned;
    }
  });
  if (returned != model.first_bad) {
    Fail(what + ": BatchLogReader returned " + std::to_string(returned) +
         " batches, the first bad record is " + std::to_string(model.first_bad));
  }
  if (model.problem) {
    if (!error || error->offset() != read.offsets[model.first_bad]) {
      Fail(what + ": no CorruptionError at the offset of a record with " + *model.problem);
    }
  } else {
    Expect(error.has_value() == read.error.has_value(), what,
           "BatchLogReader throws, or not, where LogReader does not, or does");
    Expect(!error || error->offset() == read.error->offset(), what, "throws at another offset");
  }
}

// Receives Apply()'s entries.
class Recorder final : public lsm::WriteBatchHandler {
 public:
  void Put(std::string_view key, std::string_view value) override {
    seen.push_back({true, std::string(key), std::string(value)});
  }
  void Remove(std::string_view key) override { seen.push_back({false, std::string(key), ""}); }

  struct Seen {
    bool is_put;
    std::string key;
    std::string value;
  };
  std::vector<Seen> seen;
};

// The raw input as one write batch, read at offset 7 of a file named "fuzz-input".
void CheckRawBatch(std::string_view input) {
  const std::string origin = "fuzz-input";
  constexpr std::uint64_t kOrigin = 7;
  std::optional<lsm::WriteBatch> batch;
  const auto short_error = Typed(origin, kOrigin, "FromContents", [&] {
    batch = lsm::WriteBatch::FromContents(std::string(input), origin, kOrigin);
  });
  Require(short_error.has_value() == (input.size() < lsm::WriteBatch::kHeaderSize),
          "FromContents() refuses, or not, other than a batch shorter than its header");
  if (!batch) return;
  Require(batch->contents() == input && batch->origin_file() == origin &&
              batch->origin_offset() == kOrigin,
          "FromContents() does not keep its contents and origin");
  std::vector<lsm::BatchEntry> entries;
  const auto error = Typed(origin, kOrigin, "Entries", [&] { entries = batch->Entries(); });
  if (error) Require(error->offset() == kOrigin, "Entries() names another offset than its origin");
  const auto expected = ReferenceEntries(input);
  Require(error.has_value() != expected.has_value(),
          expected ? "Entries() refuses a batch the encoding allows: " +
                         std::string(error ? error->what() : "")
                   : "Entries() decodes a batch the encoding does not allow");
  if (expected) Require(SameEntries(entries, *expected), "Entries() decodes other entries");
  Recorder recorder;
  const auto apply_error = Typed(origin, kOrigin, "Apply", [&] { batch->Apply(recorder); });
  Require(apply_error.has_value() == error.has_value(), "Apply() and Entries() disagree");
  if (error) {
    Require(recorder.seen.empty(), "a batch that does not decode applied entries");
    return;
  }
  Require(entries.size() == batch->count(), "Entries() returns other than count() entries");
  Require(recorder.seen.size() == entries.size(), "Apply() hands over other than Entries()");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Recorder::Seen& seen = recorder.seen[i];
    Require(seen.is_put == entries[i].is_put && seen.key == entries[i].key &&
                seen.value == entries[i].value,
            "Apply() hands over other than Entries()");
    Require(entries[i].is_put || entries[i].value.empty(), "a remove with a value");
  }
  CheckReencode(*batch, entries, "raw batch");
}

void CheckLog(const std::string& path, const std::string& rewrite_path, std::string_view bytes) {
  lsm::fuzz::WriteFile(path, bytes);
  const std::uint64_t size = bytes.size();
  LogRead reads[3];
  for (int m = 0; m < 3; ++m) {
    reads[m] = ReadRecords(path, size, kModes[m], kModeNames[m]);
    CheckRead(reads[m], kModes[m], size, kModeNames[m]);
  }
  CheckModesAgree(reads, bytes);  // so every mode returned the same records
  CheckRewrite(rewrite_path, reads[2].records);
  const BatchModel model = ModelBatches(reads[2].records);
  for (int m = 0; m < 3; ++m) {
    CheckBatches(path, size, kModes[m], reads[m], model, m == 0,
                 std::string("batches, ") + kModeNames[m]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const lsm::TempDir dir("lsm-fuzz-log");  // one directory for the whole run
  static const std::string path = (dir / "000001.log").string();
  static const std::string rewrite_path = (dir / "rewrite.log").string();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckRawBatch(input);
  CheckLog(path, rewrite_path, input);
  const std::string repaired = lsm::testing::RepairLogChecksums(std::string(input));
  if (repaired != input) CheckLog(path, rewrite_path, repaired);
  return 0;
}
