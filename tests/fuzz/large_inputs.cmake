# Writes the fuzz targets' large inputs (several MiB each, too large to commit) into OUT/<target>/:
# records whose strings hold about 1 MiB of text in 1- to 4-byte UTF-8 with \u escapes and
# surrogate pairs among it, so that any chunking cuts sequences and escapes inside long strings.
# The first is the shape that crashed the native importer (SIGSEGV in value_stack::push_chars)
# and made the widget report a string over 4 MiB: a 6 MB Greenhouse candidates file.
#   cmake -DOUT=dir -P tests/fuzz/large_inputs.cmake
if(NOT OUT)
  message(FATAL_ERROR "usage: cmake -DOUT=dir -P large_inputs.cmake")
endif()

# About 4 KiB of text, then 256 of them: 1 MiB.
string(REPEAT "Núñez 陈伟 — ünïcödé 😀 テキスト, " 100 block)
string(APPEND block "\\u00e9\\u4e2d\\ud83d\\ude00\\n\\\"\\\\\\/")
string(REPEAT "${block}" 256 text)

function(write_input target file)
  file(MAKE_DIRECTORY "${OUT}/${target}")
  file(WRITE "${OUT}/${target}/${file}" "${ARGN}")
endfunction()

set(greenhouse "[")
set(lever "{\"data\":[")
set(log "{\"format\":\"runnerup.log\",\"version\":1,\"events\":[")
set(csv "Candidate ID,Name,Email,Title,Reason note\r\n")
foreach(i RANGE 1 6)
  if(i GREATER 1)
    string(APPEND greenhouse ",\n")
    string(APPEND lever ",\n")
    string(APPEND log ",\n")
  endif()
  string(APPEND greenhouse "{\"id\":${i},\"first_name\":\"Ana\",\"last_name\":\"Núñez\",\"email_addresses\":[{\"value\":\"ana${i}@example.com\",\"type\":\"personal\"}],\"applications\":[],\"title\":\"${text}\",\"company\":\"C\"}")
  string(APPEND lever "{\"id\":\"opp-${i}\",\"name\":\"Grace Hopper\",\"headline\":\"${text}\",\"emails\":[\"grace${i}@example.com\"]}")
  string(APPEND log "{\"id\":\"a.${i}\",\"actor\":\"alice\",\"at\":\"2026-11-20T09:30:00Z\",\"clock\":${i},\"type\":\"candidate.saved\",\"data\":{\"candidate\":{\"id\":\"c-${i}\",\"name\":\"${text}\"}}}")
endforeach()
write_input(import_greenhouse large-strings.json "${greenhouse}]")
write_input(json_stream large-strings.json "${greenhouse}]")
write_input(import_lever large-strings.json "${lever}]}")
write_input(import_pool large-strings.json "${log}]}")

# CSV: 1 MiB cells, quoted, the text unescaped (a CSV cell holds it as it is).
string(REPLACE "\\" "" cell "${text}")
string(REPLACE "\"" "\"\"" cell "${cell}")
foreach(i RANGE 1 4)
  string(APPEND csv "${i},Ana Núñez,ana${i}@example.com,\"${cell}\",\"${cell}\"\r\n")
endforeach()
write_input(import_csv large-cells.csv "${csv}")
