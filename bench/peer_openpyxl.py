# The openpyxl peer of `cchc merge` for `npm run bench`: what a short script would do with the same
# files - read every CT_ cell of each workbook, sum the numbers by name, write a summary workbook -
# timed (wall and CPU) from the first file read to the summary saved. Prints one JSON line.
# Usage: /usr/bin/python3 bench/peer_openpyxl.py DIRECTORY OUT.xlsx
import json
import os
import resource
import sys
import time

import openpyxl


def ct_names(wb):
    """(name, destinations) of the CT_ names; openpyxl 3.1 keeps names in a dict, 3.0 in a list."""
    d = wb.defined_names
    items = d.values() if hasattr(d, "values") else d.definedName
    return [(n.name, list(n.destinations)) for n in items if n.name.startswith("CT_")]


def main():
    src, out = sys.argv[1], sys.argv[2]
    start, cpu_start = time.perf_counter(), time.process_time()
    files = sorted(f for f in os.listdir(src) if f.endswith(".xlsx"))
    totals, counts, with_names = {}, {}, 0
    for name in files:
        wb = openpyxl.load_workbook(os.path.join(src, name))
        names = ct_names(wb)
        with_names += 1 if names else 0
        for code, destinations in names:
            for sheet, ref in destinations:
                value = wb[sheet][ref.replace("$", "")].value
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    totals[code] = totals.get(code, 0) + value
                    counts[code] = counts.get(code, 0) + 1
    summary = openpyxl.Workbook()
    sheet = summary.active
    sheet.title = "Tong hop"
    sheet.append(["Chỉ tiêu", "Tổng", "Số đơn vị"])
    for code in sorted(totals):
        sheet.append([code, totals[code], counts[code]])
    sources = summary.create_sheet("Nguon")
    for name in files:
        sources.append([name])
    summary.save(out)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"files": len(files), "withNames": with_names, "ms": seconds * 1000, "cpuMs": cpu * 1000, "peakRssMB": peak_kb / 1024}))


if __name__ == "__main__":
    main()
