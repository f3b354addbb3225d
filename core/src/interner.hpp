// Dense ids for distinct strings, and the hash the core uses for short keys. Private to the core.
//
//   Interner skills;
//   const std::uint32_t id = skills.intern("go", fnv1a("go"));   // 0, then 1, 2, ... per new string
//   skills.find("go", fnv1a("go")) == id; skills.view(id) == "go";
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace runnerup::detail {

// FNV-1a, for ids and cities.
constexpr std::uint32_t kFnvBasis = 2166136261u, kFnvPrime = 16777619u;

inline std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = kFnvBasis;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
  return h;
}

// Distinct strings back to back in one buffer, interned to dense ids through an open-addressing
// table keyed by the bytes themselves: no std::string per token, no rehash of the text on growth.
// A slot holds the token's hash and its id, so a probe reads the text only when the hashes agree.
class Interner {
 public:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  // Returns the id of `t`, whose hash is `h` (any hash, the same for the same bytes), adding it
  // if it is new: ids are given in the order strings are first seen.
  __attribute__((always_inline)) std::uint32_t intern(std::string_view t, std::uint32_t h) {
    if ((start_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t k = probe(t, h);
    if (slots_[k] != 0) return static_cast<std::uint32_t>(slots_[k]) - 1;
    const auto id = static_cast<std::uint32_t>(start_.size() - 1);
    slots_[k] = (static_cast<std::uint64_t>(h) << 32) | (id + 1);
    text_.append(t);
    start_.push_back(static_cast<std::uint32_t>(text_.size()));
    return id;
  }
  // The id of `t`, or kNone.
  std::uint32_t find(std::string_view t, std::uint32_t h) const {
    if (slots_.empty()) return kNone;
    const std::uint64_t slot = slots_[probe(t, h)];
    return slot == 0 ? kNone : static_cast<std::uint32_t>(slot) - 1;
  }
  std::size_t size() const { return start_.size() - 1; }
  std::string_view view(std::uint32_t id) const {
    return std::string_view(text_.data() + start_[id], start_[id + 1] - start_[id]);
  }

 private:
  void grow() {
    std::vector<std::uint64_t> slots(std::max<std::size_t>(1024, slots_.size() * 2), 0);
    const std::size_t mask = slots.size() - 1;
    for (const std::uint64_t slot : slots_) {
      if (slot == 0) continue;
      std::size_t k = static_cast<std::uint32_t>(slot >> 32) & mask;
      while (slots[k] != 0) k = (k + 1) & mask;
      slots[k] = slot;
    }
    slots_.swap(slots);
  }
  // The slot holding `t`, or the empty slot where it would go.
  __attribute__((always_inline)) std::size_t probe(std::string_view t, std::uint32_t h) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = h & mask;; k = (k + 1) & mask) {
      const std::uint64_t slot = slots_[k];
      if (slot == 0) return k;
      if (static_cast<std::uint32_t>(slot >> 32) != h) continue;
      const auto id = static_cast<std::uint32_t>(slot) - 1;
      if (start_[id + 1] - start_[id] != t.size()) continue;
      // a loop, not memcmp: tokens are a few bytes, and memcmp is a call in wasm
      const char* a = text_.data() + start_[id];
      std::size_t i = 0;
      while (i < t.size() && a[i] == t[i]) ++i;
      if (i == t.size()) return k;
    }
  }
  std::string text_;
  std::vector<std::uint32_t> start_{0};  // token id -> where it starts; one more: where the last ends
  std::vector<std::uint64_t> slots_;     // hash << 32 | (id + 1); 0 is empty
};

}  // namespace runnerup::detail
