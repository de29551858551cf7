import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('factory-bench --help', () => {
  it('lists the commands and exits 0 when run as the installed bin', () => {
    const out = execFileSync(process.execPath, ['bin/factory-bench.mjs', '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/^usage: factory-bench <command>/);
    expect(out).toContain('nvs generate');
  });

  it('names an unknown command and exits 2', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['bin/factory-bench.mjs', 'frobnicate'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      ({ status, stderr } = error as { status: number; stderr: string });
    }
    expect(status).toBe(2);
    expect(stderr).toContain("unknown command 'frobnicate'");
  });
});
