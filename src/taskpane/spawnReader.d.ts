/** The task pane's reader worker (readerWorker.ts). */
export function spawnReader(): Worker;
