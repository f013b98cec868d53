import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import type { GenerateOptions } from '../generator/generate.ts';
import { formatReport, generateIntoDataDir } from '../generator/into-data-dir.ts';
import { PRESETS, isPresetName, type GeneratorCounts, type GeneratorPreset } from '../generator/presets.ts';

function fail(message: string): never {
  process.stderr.write(`taizhang generate: ${message}\n`);
  process.exit(2);
}

function positiveInt(flag: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) fail(`${flag}: a whole number from 1 to ${max}`);
  return n;
}

interface GenerateFlags {
  seed: string;
  preset: string;
  institutions?: string;
  trainees?: string;
  classSize?: string;
  cities?: string;
  concurrency?: string;
}

/** The preset with any explicit counts laid over it; every flag checked and named when wrong. */
export function optionsFromFlags(flags: GenerateFlags): GenerateOptions {
  if (!isPresetName(flags.preset)) fail(`--preset: one of ${Object.keys(PRESETS).join(', ')}`);
  const seed = Number(flags.seed);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) fail('--seed: a whole number from 0 to 4294967295');
  const base = PRESETS[flags.preset];
  const over = {
    institutions: positiveInt('--institutions', flags.institutions, 100_000),
    trainees: positiveInt('--trainees', flags.trainees, 10_000_000),
    classSize: positiveInt('--class-size', flags.classSize, 200),
    cities: positiveInt('--cities', flags.cities, 11),
  };
  const counts: GeneratorCounts = { ...base.counts };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) counts[k as keyof GeneratorCounts] = v;
  const preset: GeneratorPreset = { counts, fraud: { ...base.fraud }, business: { ...base.business } };
  const concurrency = positiveInt('--concurrency', flags.concurrency, 256);
  return { seed, preset, ...(concurrency === undefined ? {} : { concurrency }) };
}

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('generate a synthetic province (with injected fraud) into the data dir, through the command layer; refuses a store that already holds events')
    .option('--seed <n>', 'PRNG seed: the same seed gives the same events', '1')
    .option('--preset <name>', `one of ${Object.keys(PRESETS).join(', ')}`, 'small')
    .option('--institutions <n>', 'institutions (overrides the preset)')
    .option('--trainees <n>', 'trainees in classes (overrides the preset)')
    .option('--class-size <n>', 'trainees per class (overrides the preset)')
    .option('--cities <n>', 'cities of Jiangxi used, 1 to 11 (overrides the preset)')
    .option('--concurrency <n>', 'classes carried out at once (default 24)')
    .action(async (flags: GenerateFlags) => {
      const options = optionsFromFlags(flags);
      const config = loadConfig();
      let last = 0;
      options.onProgress = (done, total, phase) => {
        if (performance.now() - last < 2000 && done !== total) return;
        last = performance.now();
        process.stderr.write(`generate: ${phase} ${done}/${total}\n`);
      };
      const cpuBefore = process.cpuUsage();
      const result = await generateIntoDataDir(config, options);
      const cpu = process.cpuUsage(cpuBefore);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      if (!result.generated) {
        process.stderr.write(`taizhang generate: ${config.dataDir} already holds ${result.events} events; nothing generated (use an empty TAIZHANG_DATA_DIR)\n`);
        process.exit(1);
      }
      const perCpuSecond = Math.round(Number(result.events) / cpuSeconds);
      const peakRssMib = Math.round(process.resourceUsage().maxRSS / 1024);
      process.stdout.write(`${formatReport(result.report)}\n${result.events} events in ${result.seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} CPU-s (${perCpuSecond} events per CPU-second, writer thread included), peak RSS ${peakRssMib} MiB; report in ${result.reportPath}\n`);
    });
}
