// Export Logs' file formats: CSV a spreadsheet reads without running attacker-controlled cells
// as formulas, JSON exactly as the daemon stores logs.
import assert from 'node:assert/strict';
import type { TrackingLog } from '@linktrace/core';
import { CSV_COLUMNS, exportFormatOf, formatLogs } from '../../src/daemon/exportLogs';

const logs: TrackingLog[] = [
  { seq: 1, at: '2026-11-23T09:00:01.000Z', type: 'open', deliveryId: 'D1', recipientId: 'r1', userAgent: 'Mozilla/5.0 (X11; Linux) "quoted", comma' },
  { seq: 2, at: '2026-11-23T09:00:02.000Z', type: 'click', deliveryId: 'D1', recipientId: 'r1', linkId: 'k1', label: '=HYPERLINK("https://evil.example")', url: 'https://shop.example/?a=1&b=2', userAgent: '@SUM(1+1)\nsecond line', machine: 'HEAD request' },
];

describe('Export Logs formats', () => {
  it('picks the format from the file name', () => {
    assert.equal(exportFormatOf('/tmp/logs.CSV'), 'csv');
    assert.equal(exportFormatOf('logs.json'), 'json');
    assert.equal(exportFormatOf('logs.txt'), undefined);
  });

  it('writes RFC 4180 CSV with formula-looking cells neutralised', () => {
    const lines = formatLogs(logs, 'csv').split('\r\n');
    assert.equal(lines[0], CSV_COLUMNS.join(','));
    assert.equal(lines[1], '1,2026-11-23T09:00:01.000Z,open,D1,r1,,,,"Mozilla/5.0 (X11; Linux) ""quoted"", comma",');
    assert.equal(lines[2], `2,2026-11-23T09:00:02.000Z,click,D1,r1,k1,"'=HYPERLINK(""https://evil.example"")",https://shop.example/?a=1&b=2,"'@SUM(1+1)\nsecond line",HEAD request`);
    assert.equal(lines[3], '', 'rows end with CRLF; a line break inside a quoted cell stays');
  });

  it('writes JSON that reads back to the same logs', () => {
    assert.deepEqual(JSON.parse(formatLogs(logs, 'json')), logs);
  });
});
