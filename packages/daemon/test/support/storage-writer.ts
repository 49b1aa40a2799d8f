// Child process for the kill -9 durability test: appends tracking logs as fast as it can, several at
// a time, and prints each seq on its own line only once its appendLog has resolved — a printed seq
// is an acknowledged one, exactly like a click whose 302 was sent.
//   node --import tsx packages/daemon/test/support/storage-writer.ts DATA_DIR [MAX_SEGMENT_BYTES] [process|disk]
import { createStorage, type Durability } from '../../src/storage/index';

const [dataDir, maxSegmentBytes, durability] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: storage-writer.ts DATA_DIR [MAX_SEGMENT_BYTES] [process|disk]');

const storage = createStorage(dataDir, {
  maxSegmentBytes: maxSegmentBytes ? Number(maxSegmentBytes) : undefined,
  durability: (durability ?? 'process') as Durability,
  // Index snapshots written all the time, so kills also land during and just after one.
  snapshotIntervalMs: 20,
});
await storage.open();

async function appendForever(writer: number): Promise<never> {
  for (let i = 0; ; i++) {
    const log = await storage.appendLog({
      at: new Date().toISOString(),
      type: 'click',
      deliveryId: `d${writer}`,
      recipientId: `r${i % 100}`,
      url: `https://shop.example.com/item/${i}`,
    });
    process.stdout.write(`${log.seq}\n`);
  }
}

await Promise.all(Array.from({ length: 8 }, (_, writer) => appendForever(writer)));
