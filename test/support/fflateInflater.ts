// Every test reads zips with the task pane's inflater (fflate), as the pane does; tests of `cchc` install
// node:zlib's as the CLI does (useNodeInflater).
import { fflateInflater } from "../../src/xlsx/fflateInflate";
import { setRawInflater } from "../../src/xlsx/zip";

setRawInflater(fflateInflater);
