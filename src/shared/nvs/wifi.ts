import type { NvsCrypto } from './crypto.js';

const utf8 = new TextEncoder();

/**
 * The reference generator's Wi-Fi provisioning behaviour, which firmware
 * relies on: the first sta.ssid or sta.pswd row brings the entries the Wi-Fi
 * driver expects beside them (sta.apinfo, sta.pmk, sta.apsw), and once ap.ssid,
 * ap.passwd and a non-zero ap.authmode are all known, ap.pmk_info is written
 * with the PBKDF2 of the passphrase so the driver need not compute it at boot.
 */
export class WifiExtras {
  private staDone = false;
  private apDone = false;
  private readonly ap = new Map<string, string>();

  constructor(private readonly crypto: NvsCrypto) {}

  /** The extra blobs to write after the row with this key and raw value. */
  after(key: string, value: string): { key: string; bytes: Uint8Array }[] {
    const extras: { key: string; bytes: Uint8Array }[] = [];
    if ((key === 'sta.ssid' || key === 'sta.pswd') && !this.staDone) {
      this.staDone = true;
      extras.push(
        { key: 'sta.apinfo', bytes: new Uint8Array(140).fill(0xff) },
        { key: 'sta.pmk', bytes: new Uint8Array(32) },
        { key: 'sta.apsw', bytes: new Uint8Array(2) },
      );
    }
    if (key === 'ap.ssid' || key === 'ap.passwd' || key === 'ap.authmode') this.ap.set(key, value);
    const ssid = this.ap.get('ap.ssid');
    const passwd = this.ap.get('ap.passwd');
    const authmode = this.ap.get('ap.authmode');
    if (!this.apDone && ssid !== undefined && passwd !== undefined && authmode !== undefined && authmode.trim() !== '0') {
      this.apDone = true;
      const pmk = this.crypto.pbkdf2HmacSha1(utf8.encode(passwd), utf8.encode(ssid), 4096, 32);
      const bytes = new Uint8Array(100 + pmk.length);
      bytes.set(pmk, 100);
      extras.push({ key: 'ap.pmk_info', bytes });
    }
    return extras;
  }
}
