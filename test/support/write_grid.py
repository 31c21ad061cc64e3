"""Writes sheet specs (test/support/retypedCorpus.ts) as .xlsx with openpyxl: python3 write_grid.py < spec.json

The spec is {"out": path, "sheets": [{"name", "cells": [{"r", "c", "v", "fmt"?}], "merges": ["A1:F1"]}]};
a value {"date": "2021-02-02"} is written as a date cell.
"""
import datetime
import json
import sys

from openpyxl import Workbook

spec = json.load(sys.stdin)
wb = Workbook()
wb.remove(wb.active)
for sheet in spec["sheets"]:
    ws = wb.create_sheet(sheet["name"])
    for cell in sheet["cells"]:
        v = cell["v"]
        if isinstance(v, dict):
            v = datetime.datetime.strptime(v["date"], "%Y-%m-%d")
        target = ws.cell(row=cell["r"], column=cell["c"], value=v)
        if "fmt" in cell:
            target.number_format = cell["fmt"]
    for m in sheet["merges"]:
        ws.merge_cells(m)
wb.save(spec["out"])
