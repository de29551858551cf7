import type { BenchBridge } from '../../shared/api';

declare global {
  interface Window {
    bench: BenchBridge;
  }
}
