// One entry point per target, chosen at compile time (RUNNERUP_FUZZ_TARGET). Under libFuzzer it
// is LLVMFuzzerTestOneInput; otherwise a replay program runs each file named on the command line
// (or each file of each directory named) and says how many it ran.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return runnerup::fuzz::RUNNERUP_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
}

#ifndef RUNNERUP_LIBFUZZER
int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t ran = 0;
  auto run = [&](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    ++ran;
  };
  for (int i = 1; i < argc; ++i) {
    const fs::path p(argv[i]);
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) run(e.path());
    } else if (fs::exists(p)) {
      run(p);
    }
  }
  std::printf("%s: replayed %zu inputs, no failure\n", argv[0], ran);
  return 0;
}
#endif
