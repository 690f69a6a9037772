#include "sensor_files.hpp"

#include <filesystem>

#include "temp_dir.hpp"

namespace gpiogw::soak {
namespace {

void write_atomically(const std::filesystem::path& path, const std::string& text) {
  const auto fresh = path.string() + ".new";
  test::write_file(fresh, text);
  std::filesystem::rename(fresh, path);
}

}  // namespace

SensorFileWriter::SensorFileWriter(SensorFiles files, std::uint64_t seed)
    : files_(std::move(files)), random_(seed) {
  std::filesystem::create_directories(files_.cpu_temp.parent_path());
  std::filesystem::create_directories(files_.battery.parent_path());
  step();
}

std::chrono::microseconds SensorFileWriter::step() {
  write(std::to_string(std::uniform_int_distribution<int>(30'000, 80'000)(random_)),
        std::to_string(std::uniform_int_distribution<int>(0, 100)(random_)));
  return std::chrono::milliseconds(300);
}

void SensorFileWriter::write_final() {
  write("42500", kFinalBattery);
}

void SensorFileWriter::write(const std::string& cpu_millidegrees, const std::string& battery) {
  write_atomically(files_.cpu_temp, cpu_millidegrees + "\n");
  write_atomically(files_.battery, battery + "\n");
}

}  // namespace gpiogw::soak
