import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey } from '../../lib/server/http/address-key';

describe('addressKey', () => {
  it('counts an IPv6 client by its /64, however the address is written', () => {
    const key = addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    assert.equal(key, '2001:db8:1:2::/64');
    for (const sibling of ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:0:0:1', '2001:DB8:1:2::']) {
      assert.equal(addressKey(sibling), key, sibling);
    }
    assert.notEqual(addressKey('2001:db8:1:3::1'), key);
  });

  it('counts IPv4 addresses one by one, mapped into IPv6 or not', () => {
    assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
    assert.notEqual(addressKey('203.0.113.8'), addressKey('203.0.113.7'));
  });

  it('keeps anything that is not an address as it is', () => {
    assert.equal(addressKey('unknown'), 'unknown');
  });
});
