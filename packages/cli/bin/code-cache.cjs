// Runs a CommonJS bundle through V8's code cache (Node 20 has no module.enableCompileCache): the
// language server is started on every editor launch, and compiling its 800 KB bundle, then each
// function the first lint runs, is a large part of its start-up. A start that found no cache (or a
// stale one: V8 rejects a cache made for other source or another V8) writes it beside the bundle
// when the process exits, or a few seconds in if it runs on, so it also holds the bytecode of what
// the first lints compiled.
// Nothing here may fail the start: an unreadable or unwritable cache just means compiling.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/** Long enough for a start to have linted its first documents, short of most sessions' end. */
const WRITE_AFTER_MS = 3000;

exports.runWithCodeCache = function runWithCodeCache(file) {
  // LINKTRACE_CODE_CACHE=0: load as a plain require (the benchmark's baseline).
  if (process.env.LINKTRACE_CODE_CACHE === '0') return require(file);
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return require(file); // not built: require says so as usual
  }
  const cacheFile = `${file}.v8-cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = bundle;
  if (!cachedData || script.cachedDataRejected) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      try {
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, cacheFile); // whole or not at all, whichever start writes last
      } catch {
        // a read-only install: every start compiles
      }
    };
    setTimeout(write, WRITE_AFTER_MS).unref();
    process.once('exit', write);
  }
  script.runInThisContext()(bundle.exports, (id) => bundle.require(id), bundle, file, path.dirname(file));
  bundle.loaded = true;
  return bundle.exports;
};
