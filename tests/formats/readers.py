"""Reads exporter output with tools nobody here wrote; prints JSON for tests/formats/*.test.js.

  python3 readers.py csv FILE    rows as Python's csv module reads them (BOM stripped)
  python3 readers.py xlsx FILE   {"rows": cell texts, "formulas": cells holding a formula}
  python3 readers.py ics FILE    the VTODOs as python3-icalendar parses them
"""
import csv
import json
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f, strict=True))


def column_index(ref):
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + ord(ch.upper()) - 64
    return n - 1


def read_xlsx(path):
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows, formulas = [], []
    for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
        cells = []
        for c in row.findall("m:c", NS):
            i = column_index(c.get("r"))
            while len(cells) < i:
                cells.append("")
            v = c.find("m:v", NS)
            if c.find("m:f", NS) is not None:
                formulas.append(c.get("r"))
            if c.get("t") == "s":
                cells.append(shared[int(v.text)])
            elif c.get("t") == "inlineStr":
                cells.append("".join(t.text or "" for t in c.iter("{%s}t" % NS["m"])))
            else:
                cells.append(v.text if v is not None else "")
        rows.append(cells)
    return {"rows": rows, "formulas": formulas}


def read_ics(path):
    import icalendar

    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    todos = []
    for todo in cal.walk("VTODO"):
        todos.append({
            "uid": str(todo.get("uid")),
            "summary": str(todo.get("summary")),
            "description": str(todo.get("description")) if todo.get("description") is not None else None,
            "due": todo.decoded("due").isoformat(),
            "dtstamp": todo.decoded("dtstamp").isoformat(),
        })
    return {"version": str(cal.get("version")), "prodid": str(cal.get("prodid")), "todos": todos}


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    reader = {"csv": read_csv, "xlsx": read_xlsx, "ics": read_ics}[kind]
    json.dump(reader(path), sys.stdout, ensure_ascii=False)
