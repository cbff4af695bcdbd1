#!/usr/bin/env node
// The `hiper` command. This launcher is checked in (the CLI itself is built into dist/) so that
// `npm ci` can link the bin before anything is built.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("hiper: the CLI is not built yet; run `npm run build` in the HiPER workspace first\n");
  process.exit(1);
}
await import(cli.href);
