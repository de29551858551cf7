// @serialport/binding-mock ships types, but its package.json "exports" hides them from
// moduleResolution "Bundler"; this declares the part the tests use.
declare module '@serialport/binding-mock' {
  export interface MockPortBinding {
    isOpen: boolean;
    set(flags: { dtr?: boolean; rts?: boolean; brk?: boolean; cts?: boolean; dsr?: boolean }): Promise<void>;
  }
  export interface MockBindingInterface {
    createPort(path: string, options?: { echo?: boolean; record?: boolean }): void;
    reset(): void;
    list(): Promise<{ path: string; vendorId?: string; productId?: string }[]>;
    open(options: { path: string; baudRate: number }): Promise<MockPortBinding>;
  }
  export const MockBinding: MockBindingInterface;
}
