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
