import { prepareImages } from '../esp/index.js';
import type { Issuer } from '../identity/issue.js';
import type { JobHandle } from '../ledger/index.js';
import type { LoadedJob } from '../job/load-job.js';
import type { BenchJob } from './bench-job.js';

/** The engine's view of a loaded job: the firmware compressed once, the identity sources ready. */
export async function benchJobFrom(loaded: LoadedJob, ledgerJob: JobHandle, issuer: Issuer | undefined): Promise<BenchJob> {
  const settings = loaded.settings;
  const certificates = loaded.certificates;
  let benchCertificates: BenchJob['certificates'];
  if (certificates.mode === 'issue') {
    if (!issuer) throw new Error('the job issues certificates: open its CA before starting');
    benchCertificates = { mode: 'issue', issuer, caPem: certificates.caPem };
  } else {
    benchCertificates = { mode: certificates.mode };
  }
  return {
    name: settings.name,
    chip: loaded.chip,
    baud: settings.baud,
    reset: settings.reset,
    firmware: await prepareImages(loaded.images.map(({ offset, data }) => ({ offset, data }))),
    fctry: { offset: loaded.fctry.offset, size: loaded.fctry.size },
    ...(settings.nvs.encryption ? { fctryEncrypted: true } : {}),
    renderFctry: (values) => loaded.renderTemplate(values),
    ledgerJob,
    certificates: benchCertificates,
    ...(settings.check ? { check: { pattern: settings.check.pattern, timeoutMs: settings.check.timeoutMs, baud: settings.check.baud } } : {}),
  };
}
