// Under Emscripten, and in the fuzz and sanitizer builds, Boost.JSON is compiled header-only, in
// exactly this translation unit (docs/BUILDING.md); the plain native build links Debian's
// libboost_json.
#ifdef RUNNERUP_BOOST_JSON_HEADER_ONLY
#include <boost/json/src.hpp>
#endif
