import path from 'node:path';

/** The variables that place the data dir, the PKI and the trust anchors (README, "Configuration"). */
export interface PathEnv {
  TAICHO_DATA_DIR?: string;
  TAICHO_PKI_DIR?: string;
  TAICHO_TRUST_DIR?: string;
}

/**
 * Where the data, the PKI and the trust anchors are, relative paths resolved against `cwd`.
 * loadConfig uses it, and so does `taicho verify`, which needs only the trust folder: this
 * module loads no zod, whose loading was a sixth of that command's CPU.
 */
export function storagePaths(env: PathEnv, cwd: string): { dataDir: string; pkiDir: string; trustDir: string } {
  const dataDir = path.resolve(cwd, env.TAICHO_DATA_DIR ?? './data');
  return {
    dataDir,
    // The demo PIN lives in the data dir, so the PKI it opens does too (issue 10): a second
    // instance, a test run or a fresh demo on another data dir gets a PKI of its own.
    pkiDir: env.TAICHO_PKI_DIR ? path.resolve(cwd, env.TAICHO_PKI_DIR) : path.join(dataDir, 'pki'),
    trustDir: env.TAICHO_TRUST_DIR ? path.resolve(cwd, env.TAICHO_TRUST_DIR) : path.join(dataDir, 'trust'),
  };
}
