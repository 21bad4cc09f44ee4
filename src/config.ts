import path from 'node:path';
import { z } from 'zod';
import { storagePaths } from './config-paths';
import { modelFile } from './digitise/tessdata';

/**
 * Configuration from environment variables. Every variable, its default and its meaning is
 * listed in README.md ("Configuration"); keep the two in step.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  TAICHO_DATA_DIR: z.string().default('./data'),
  /** Public base URL printed in QR codes on appointment slips. */
  TAICHO_PUBLIC_URL: z.string().url().optional(),
  /** QCVN 102:2016 code of the agency that receives dossiers. */
  TAICHO_AGENCY_CODE: z.string().regex(/^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$/, 'agency code like 000.00.06.H56').default('000.00.06.H56'),
  TAICHO_AGENCY_NAME: z.string().default('Ủy ban nhân dân phường Bến Thành'),
  TAICHO_AGENCY_ADDRESS: z.string().default('Bộ phận Một cửa, 92 Nam Kỳ Khởi Nghĩa, phường Bến Thành, TP. Hồ Chí Minh'),
  TAICHO_DEMO_PASSWORD: z.string().min(8).optional(),
  TAICHO_DEMO_PIN: z.string().min(4).optional(),
  /** Working hours as "HH:MM-HH:MM,HH:MM-HH:MM". */
  TAICHO_WORKING_HOURS: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*$/).default('07:00-11:30,13:30-17:00'),
  TAICHO_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  TAICHO_MAX_FILES: z.coerce.number().int().positive().default(30),
  TAICHO_TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  /** OCR worker threads; 0 = this instance only queues documents (default: one per core). */
  TAICHO_OCR_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /** OCR languages: vie, eng or vie+eng (only these ship, from npm). */
  TAICHO_OCR_LANG: z.enum(['vie+eng', 'vie', 'eng', 'eng+vie']).default('vie+eng'),
  /** A folder of <lang>.traineddata[.gz] read instead of the npm model (e.g. Debian's tessdata_fast). */
  TAICHO_TESSDATA_DIR: z.string().optional(),
  TAICHO_TSA_URL: z.string().url().optional(),
  /** Unset (or empty): `<dataDir>/pki` and `<dataDir>/trust`, so each data dir has a PKI its own PIN opens. */
  TAICHO_PKI_DIR: z.string().optional(),
  TAICHO_TRUST_DIR: z.string().optional(),
  TAICHO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  agency: { code: string; name: string; address: string };
  demoPassword?: string;
  demoPin?: string;
  workingHours: string;
  maxUploadBytes: number;
  maxFiles: number;
  tokenTtlMs: number;
  ocrWorkers?: number;
  ocrLang: string;
  ocrTessdataDir?: string;
  tsaUrl?: string;
  pkiDir: string;
  trustDir: string;
  logLevel: Env['TAICHO_LOG_LEVEL'];
}

/** Relative paths (data, PKI, trust folders) resolve against `cwd`: the server's and the CLI's alike. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const { dataDir, pkiDir, trustDir } = storagePaths(e, cwd);
  const tessdataDir = e.TAICHO_TESSDATA_DIR ? path.resolve(cwd, e.TAICHO_TESSDATA_DIR) : undefined;
  if (tessdataDir) checkModels(e.TAICHO_OCR_LANG, tessdataDir);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    publicUrl: (e.TAICHO_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    agency: { code: e.TAICHO_AGENCY_CODE, name: e.TAICHO_AGENCY_NAME, address: e.TAICHO_AGENCY_ADDRESS },
    demoPassword: e.TAICHO_DEMO_PASSWORD,
    demoPin: e.TAICHO_DEMO_PIN,
    workingHours: e.TAICHO_WORKING_HOURS,
    maxUploadBytes: e.TAICHO_MAX_UPLOAD_BYTES,
    maxFiles: e.TAICHO_MAX_FILES,
    tokenTtlMs: e.TAICHO_TOKEN_TTL_HOURS * 3600_000,
    ocrWorkers: e.TAICHO_OCR_WORKERS,
    ocrLang: e.TAICHO_OCR_LANG,
    ocrTessdataDir: tessdataDir,
    tsaUrl: e.TAICHO_TSA_URL,
    pkiDir,
    trustDir,
    logLevel: e.TAICHO_LOG_LEVEL,
  };
}

/** A tessdata folder without a model for every language would fail each document later: say so now. */
function checkModels(langs: string, dir: string): void {
  try {
    for (const lang of langs.split('+')) modelFile(lang, dir);
  } catch (e) {
    throw new Error(`Invalid configuration:\n  TAICHO_TESSDATA_DIR: ${(e as Error).message}`);
  }
}
