// Finding and loading `linktrace.config.json` for the templates of one command run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAME, ConfigError, includesFile, parseConfig, resolveFileOptions, type LinktraceConfig, type LintOptions } from '@linktrace/core';
import { describeFsError, FILE_NOT_FOUND, isMissing } from './files';

interface LoadedConfig {
  config: LinktraceConfig;
  directory: string;
}

/**
 * The lint options of each template: from `--config` when given, otherwise from the nearest
 * config walking up from the template's directory, then from the working directory.
 * A config that cannot be read or parsed throws `ConfigError`: linting with the wrong settings
 * would be worse than stopping.
 */
export class ConfigLocator {
  private readonly byDirectory = new Map<string, Promise<LoadedConfig | undefined>>();
  private readonly explicit: Promise<LoadedConfig> | undefined;

  constructor(
    private readonly cwd: string,
    explicitFile?: string,
  ) {
    if (explicitFile !== undefined) this.explicit = load(path.resolve(cwd, explicitFile));
  }

  async optionsFor(file: string): Promise<LintOptions> {
    const loaded = await this.governing(file);
    if (!loaded) return resolveFileOptions({}, path.basename(file));
    const relative = path.relative(loaded.directory, file).split(path.sep).join('/');
    return resolveFileOptions(loaded.config, relative);
  }

  /**
   * The options of `file`, or undefined once `report` has been told why its config cannot be
   * used: the commands answer that with a usage error.
   */
  async optionsOrReport(file: string, report: (message: string) => void): Promise<LintOptions | undefined> {
    try {
      return await this.optionsFor(file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      report(error.message);
      return undefined;
    }
  }

  /** The config that governs `file`: the explicit one, else the nearest above it, else above the working directory. */
  private async governing(file: string) {
    return this.explicit ? await this.explicit : (await this.nearest(path.dirname(file))) ?? (await this.nearest(this.cwd));
  }

  /** Whether the governing config's `include` globs make this file, found in a directory, a template. */
  async includes(file: string): Promise<boolean> {
    const loaded = await this.governing(file);
    if (!loaded?.config.include) return false;
    return includesFile(loaded.config, path.relative(loaded.directory, file).split(path.sep).join('/'));
  }

  /** Preloads the config that `--config` names, so a bad one stops the run before any work. */
  async check(): Promise<void> {
    await this.explicit;
  }

  private nearest(directory: string): Promise<LoadedConfig | undefined> {
    let found = this.byDirectory.get(directory);
    if (!found) {
      found = (async () => {
        const candidate = path.join(directory, CONFIG_FILE_NAME);
        const loaded = await load(candidate, true);
        if (loaded) return loaded;
        const parent = path.dirname(directory);
        return parent === directory ? undefined : this.nearest(parent);
      })();
      this.byDirectory.set(directory, found);
    }
    return found;
  }
}

async function load(file: string): Promise<LoadedConfig>;
async function load(file: string, optional: true): Promise<LoadedConfig | undefined>;
async function load(file: string, optional = false): Promise<LoadedConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (optional && isMissing(error)) return undefined;
    throw new ConfigError(isMissing(error) ? `${file}: ${FILE_NOT_FOUND}` : `${file}: cannot read the config file: ${describeFsError(error)}`);
  }
  return { config: parseConfig(text, file), directory: path.dirname(file) };
}
