#include "common/errors.h"

#include <cstring>
#include <initializer_list>

namespace lsm {
namespace {

std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out.append(part);
  return out;
}

}  // namespace

CorruptionError::CorruptionError(std::string file, std::uint64_t offset, std::string_view detail)
    : Error(
          Concat({"corruption in '", file, "' at offset ", std::to_string(offset), ": ", detail})),
      file_(std::move(file)),
      offset_(offset) {}

IoError::IoError(std::string path, int error_code, std::string_view operation)
    : Error(Concat({"I/O error: ", operation, " '", path, "': ", std::strerror(error_code),
                    " (errno ", std::to_string(error_code), ")"})),
      path_(std::move(path)),
      error_code_(error_code) {}

NotImplementedError::NotImplementedError(std::string_view function, std::string_view hint)
    : Error(Concat({"not implemented yet: ", function, " -- ", hint})) {}

}  // namespace lsm
