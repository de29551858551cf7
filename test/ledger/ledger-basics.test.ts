import { describe, expect, it } from 'vitest';
import { LedgerError, verifyLedger } from '../../src/main/ledger/index.js';
import { counterJob, macOf, openLedger, scratch } from './fixtures.js';

describe('ledger: binding identities to MACs', () => {
  it('hands out serials in order, and gives a known MAC its identity back (rework burns nothing)', () => {
    const file = `${scratch()}/ledger.sqlite`;
    const ledger = openLedger(file);
    const job = counterJob(ledger);
    const first = ledger.bind(job, { mac: macOf(1), chip: 'ESP32-S3', port: '/dev/ttyUSB0' });
    const second = ledger.bind(job, { mac: macOf(2) });
    expect([first.serial, second.serial]).toEqual(['SN-000001', 'SN-000002']);
    expect(first.reused).toBe(false);
    const again = ledger.bind(job, { mac: macOf(1).toUpperCase().replace(/:/g, '-') });
    expect(again).toMatchObject({ serial: 'SN-000001', reused: true, allocationId: first.allocationId });
    expect(ledger.bind(job, { mac: macOf(3) }).serial).toBe('SN-000003');
    ledger.close();
    expect(verifyLedger(file).ok).toBe(true);
  });

  it('records steps, provisioning and voids, and shows them in a device history', () => {
    const file = `${scratch()}/ledger.sqlite`;
    const ledger = openLedger(file);
    const job = counterJob(ledger);
    const board = ledger.bind(job, { mac: macOf(7), port: 'COM3' });
    ledger.recordStep(board.allocationId, { step: 'flash', outcome: 'ok', port: 'COM3', detail: { bytes: 1234 } });
    ledger.markProvisioned(board.allocationId, { imageSha256: 'f'.repeat(64), port: 'COM3' });
    const row = ledger.queries.findBySerial('SN-000001');
    expect(row).toMatchObject({ mac: macOf(7), status: 'provisioned', port: 'COM3', lastStep: 'flash:ok', imageSha256: 'f'.repeat(64) });
    ledger.void(board.allocationId, 'board scrapped: cracked antenna');
    const fresh = ledger.bind(job, { mac: macOf(7) });
    expect(fresh).toMatchObject({ serial: 'SN-000002', reused: false });
    const detail = ledger.queries.detail(macOf(7))!;
    expect(detail.identities.map((identity) => [identity.serial, identity.status])).toEqual([
      ['SN-000002', 'pending'],
      ['SN-000001', 'voided'],
    ]);
    expect(detail.events.map((event) => event.kind)).toEqual(['identity.allocated', 'step', 'identity.provisioned', 'identity.voided', 'identity.allocated']);
    expect(() => ledger.recordStep(board.allocationId, { step: 'flash', outcome: 'ok' })).toThrow(/voided/);
    expect(() => ledger.void(fresh.allocationId, '  ')).toThrow(/reason is required/);
    ledger.close();
    expect(verifyLedger(file).ok).toBe(true);
  });

  it('refuses a board that holds an identity from another job', () => {
    const ledger = openLedger(`${scratch()}/ledger.sqlite`);
    const widget = counterJob(ledger, 'widget');
    const gadget = counterJob(ledger, 'gadget', { prefix: 'GD-' });
    ledger.bind(widget, { mac: macOf(1) });
    const error = (() => {
      try {
        ledger.bind(gadget, { mac: macOf(1) });
      } catch (caught) {
        return caught as LedgerError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LedgerError);
    expect(error?.message).toMatch(/already holds serial SN-000001 from job "widget"/);
    expect(error?.hint).toMatch(/ledger void SN-000001/);
    expect(ledger.queries.count()).toBe(1);
    ledger.close();
  });

  it('refuses a malformed MAC with the accepted spellings in the hint', () => {
    const ledger = openLedger(`${scratch()}/ledger.sqlite`);
    const job = counterJob(ledger);
    expect(() => ledger.bind(job, { mac: '24:0a:c4:zz:00:01' })).toThrow(/is not a MAC address/);
    ledger.close();
  });
});
