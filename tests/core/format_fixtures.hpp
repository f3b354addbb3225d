// Shared by the format tests: files under tests/data and golden comparison.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace runnerup::testing {

inline std::string data_path(const std::string& name) { return std::string(RUNNERUP_TEST_DATA) + "/" + name; }

inline std::string read_data(const std::string& name) {
  std::ifstream in(data_path(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << data_path(name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Compares with a golden file; on a difference writes the actual text beside it (.actual) so a
// reviewer can diff and, when right, accept it.
inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::string expected = read_data(name);
  if (expected != actual) {
    std::ofstream(data_path(name) + ".actual", std::ios::binary) << actual;
    ADD_FAILURE() << name << " differs from the golden file; wrote " << name << ".actual";
  }
}

}  // namespace runnerup::testing
