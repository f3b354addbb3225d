// Under Emscripten Boost.JSON is compiled header-only, in exactly this translation unit
// (TOOLCHAIN.md pitfall 2); natively the core links Debian's libboost_json.
#ifdef RUNNERUP_BOOST_JSON_HEADER_ONLY
#include <boost/json/src.hpp>
#endif
