// Given code, chapter 3: the manifest's guards against a file whose checksum is valid but whose
// contents lie. Label "given".

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "chapters/03-naive-merge/manifest.h"
#include "common/crc32c.h"
#include "common/errors.h"
#include "common/temp_dir.h"
#include "tests/support/checksum_repair.h"
#include "tests/support/error_of.h"
#include "tests/support/files.h"
#include "tests/support/printing.h"

namespace fs = std::filesystem;
using lsm::CorruptionError;
using lsm::Manifest;
using lsm::testing::ErrorOf;
using lsm::testing::ForgeManifest;

namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

}  // namespace

TEST_CASE("the file-number counter never wraps around", "[manifest]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  fs::create_directory(path);

  SECTION("next-file 2^64 - 1 opens, but no number can be handed out") {
    ForgeManifest(path, kMax, {});
    Manifest manifest = Manifest::OpenOrCreate(lsm::FileSystem::Posix(), path);
    const auto error =
        ErrorOf<CorruptionError>([&] { static_cast<void>(manifest.NewFileNumber()); });
    REQUIRE(error);
    INFO(error->what());
    CHECK(error->file() == path + "/MANIFEST");
    CHECK(error->offset() == 24);  // the next-file line
    CHECK_THAT(error->what(), Catch::Contains("no file number"));
    // Refusing changed nothing: asking again gives the same answer, not a wrapped number.
    CHECK_THROWS_AS(manifest.NewFileNumber(), CorruptionError);
  }
  SECTION("the last numbers are handed out, then the counter stops") {
    ForgeManifest(path, kMax - 2, {3});
    Manifest manifest = Manifest::OpenOrCreate(lsm::FileSystem::Posix(), path);
    CHECK(manifest.NewFileNumber() == kMax - 2);
    CHECK(manifest.NewFileNumber() == kMax - 1);
    CHECK_THROWS_AS(manifest.NewFileNumber(), CorruptionError);
    CHECK(Manifest::TableFileName(kMax - 1) == "18446744073709551614.sst");
  }
  SECTION("a next-file number not above every listed table is refused at open") {
    ForgeManifest(path, 7, {3, 7});
    const auto error = ErrorOf<CorruptionError>(
        [&] { static_cast<void>(Manifest::OpenOrCreate(lsm::FileSystem::Posix(), path)); });
    REQUIRE(error);
    CHECK_THAT(error->what(), Catch::Contains("bad table name"));
  }
}

TEST_CASE("both manifest versions are pinned byte for byte, and both open", "[manifest]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  Manifest manifest = Manifest::OpenOrCreate(lsm::FileSystem::Posix(), path);
  for (int i = 0; i < 7; ++i) static_cast<void>(manifest.NewFileNumber());  // 1 .. 7

  // Version 1: what chapters 3 to 6 write.
  manifest.Commit({3, 7});
  const std::string version1 =
      "lsm-tutorial manifest 1\nnext-file 8\ntable 000003.sst\ntable 000007.sst\n"
      "crc32c dd0fab5c\n";
  CHECK(lsm::testing::Bytes(lsm::testing::ReadFile(path + "/MANIFEST")) ==
        lsm::testing::Bytes(version1));
  CHECK(manifest.version() == 1);

  // Version 2: once an engine with a log (chapter 7) records its log state.
  manifest.Commit({3, 7}, lsm::LogState{5, 4096});
  const std::string version2 =
      "lsm-tutorial manifest 2\nnext-file 8\nlog-number 5\nlast-sequence 4096\n"
      "table 000003.sst\ntable 000007.sst\ncrc32c 9799ae0f\n";
  CHECK(lsm::testing::Bytes(lsm::testing::ReadFile(path + "/MANIFEST")) ==
        lsm::testing::Bytes(version2));
  CHECK(manifest.version() == 2);
  // A later commit without a log state keeps it (and the version).
  manifest.Commit({7});
  CHECK(manifest.log_state().log_number == 5);
  CHECK(manifest.log_state().last_sequence == 4096);

  const lsm::TempDir other;
  for (const std::string& text : {version1, version2}) {
    const std::string copy = (other / ("v" + std::to_string(text[22] - '0'))).string();
    fs::create_directory(copy);
    lsm::testing::WriteFile(copy + "/MANIFEST", text);
    Manifest reopened = Manifest::OpenOrCreate(lsm::FileSystem::Posix(), copy);
    INFO(text);
    CHECK(reopened.tables() == std::vector<std::uint64_t>{3, 7});
    CHECK(reopened.log_state() == (text[22] == '1' ? lsm::LogState{} : lsm::LogState{5, 4096}));
    CHECK(reopened.NewFileNumber() == 8);
  }
}

TEST_CASE("a version 2 manifest whose log state lies is refused", "[manifest]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  fs::create_directory(path);
  auto open_with = [&](const std::string& body) {
    lsm::testing::WriteFile(path + "/MANIFEST",
                            lsm::testing::RepairManifestChecksum(body + "crc32c 0\n"));
    return ErrorOf<CorruptionError>(
        [&] { static_cast<void>(Manifest::OpenOrCreate(lsm::FileSystem::Posix(), path)); });
  };
  SECTION("a log number the counter has not reached") {
    const auto error =
        open_with("lsm-tutorial manifest 2\nnext-file 8\nlog-number 8\nlast-sequence 1\n");
    REQUIRE(error);
    CHECK(error->offset() == 36);  // the log-number line
    CHECK_THAT(error->what(), Catch::Contains("bad log-number"));
  }
  SECTION("no last-sequence line") {
    const auto error = open_with("lsm-tutorial manifest 2\nnext-file 8\nlog-number 5\n");
    REQUIRE(error);
    CHECK_THAT(error->what(), Catch::Contains("expected 'last-sequence N'"));
  }
  SECTION("a version 1 manifest with version 2's lines") {
    const auto error =
        open_with("lsm-tutorial manifest 1\nnext-file 8\nlog-number 5\nlast-sequence 1\n");
    REQUIRE(error);
    CHECK_THAT(error->what(), Catch::Contains("expected 'table NAME' or 'crc32c X'"));
  }
}

TEST_CASE("a log state that goes backwards is not committed", "[manifest]") {
  const lsm::TempDir dir;
  const std::string path = (dir / "tree").string();
  Manifest manifest = Manifest::OpenOrCreate(lsm::FileSystem::Posix(), path);
  for (int i = 0; i < 9; ++i) static_cast<void>(manifest.NewFileNumber());
  manifest.Commit({}, lsm::LogState{6, 100});
  CHECK_THROWS_AS(manifest.Commit({}, lsm::LogState{5, 100}), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(manifest.Commit({}, lsm::LogState{6, 99}), lsm::InvalidArgumentError);
  CHECK_THROWS_AS(manifest.Commit({}, lsm::LogState{10, 100}), lsm::InvalidArgumentError);
  CHECK(manifest.log_state().log_number == 6);
  CHECK(manifest.log_state().last_sequence == 100);
  manifest.MarkFileNumberUsed(20);  // a log found in the directory
  CHECK(manifest.NewFileNumber() == 21);
}
