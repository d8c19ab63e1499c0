import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderNatsClusterConfigs, renderNatsServerConfig } from './nats-server-config';

describe('the nats-server configuration', () => {
  it('should grant each process its permissions, with passwords from the server environment', () => {
    const text = renderNatsServerConfig({ prefix: 'uehub', listen: '127.0.0.1:4222', storeDir: '/data' });
    expect(text).toContain('listen: "127.0.0.1:4222"');
    expect(text).toContain('store_dir: "/data"');
    expect(text).toContain('      user: "inventory"\n      password: $NATS_PASSWORD_INVENTORY\n');
    expect(text).toContain(', deny: ["$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.inventory-user-refs.>", ');
    expect(text).toContain('subscribe: { allow: ["_INBOX.uehub.gateway.>"] }\n      }');
    expect(text.match(/allow_responses: true/g)).toHaveLength(5); // the services answer requests; the gateway does not
    expect(text).not.toMatch(/no_auth_user|accounts/); // no anonymous user
  });

  it('should write literal passwords quoted, NKey users, and TLS', () => {
    const text = renderNatsServerConfig({
      prefix: 't',
      users: {
        gateway: { user: 'gw', password: 'pa"ss' },
        auth: { nkey: 'UABC' },
        inventory: { user: 'inv', password: { env: 'INV_PW' } },
        audit: { user: 'aud', password: 'x' },
        timeclock: { user: 'tc', password: 'y' },
        safety: { user: 'sf', password: 'z' },
      },
      tls: { certFile: '/tls/server.pem', keyFile: '/tls/server-key.pem', caFile: '/tls/ca.pem', verify: true },
    });
    expect(text).toContain('user: "gw"\n      password: "pa\\"ss"');
    expect(text).toContain('nkey: "UABC"');
    expect(text).toContain('password: $INV_PW');
    expect(text).toContain('tls {\n  cert_file: "/tls/server.pem"\n  key_file: "/tls/server-key.pem"\n  ca_file: "/tls/ca.pem"\n  verify: true\n}');
  });

  it('should refuse a bad prefix or environment variable name', () => {
    expect(() => renderNatsServerConfig({ prefix: 'a.>' })).toThrow(/not a valid subject prefix/);
    const users = { gateway: { user: 'g', password: { env: 'bad name' } } };
    const all = { ...users, auth: users.gateway, inventory: users.gateway, audit: users.gateway, timeclock: users.gateway, safety: users.gateway };
    expect(() => renderNatsServerConfig({ prefix: 'p', users: all })).toThrow(
      /not a valid environment variable name/,
    );
  });

  it('should be what deploy/nats/nats.conf holds (regenerate it with `npm run nats:config -- --out deploy/nats/nats.conf`)', () => {
    const committed = readFileSync(path.join(__dirname, '../../../deploy/nats/nats.conf'), 'utf8');
    expect(committed).toBe(renderNatsServerConfig({ prefix: 'uehub', listen: '0.0.0.0:4222', storeDir: '/data' }));
  });

  it('should be what deploy/nats/cluster holds (regenerate it with `npm run nats:config -- --cluster nats-1,nats-2,nats-3 --out-dir deploy/nats/cluster`)', () => {
    const nodes = ['nats-1', 'nats-2', 'nats-3'].map((name) => ({ name, listen: '0.0.0.0:4222', clusterListen: '0.0.0.0:6222', routeAddress: `${name}:6222`, storeDir: '/data' }));
    const configs = renderNatsClusterConfigs({ prefix: 'uehub', clusterName: 'uehub', nodes });
    for (const name of ['nats-1', 'nats-2', 'nats-3']) {
      expect(readFileSync(path.join(__dirname, `../../../deploy/nats/cluster/${name}.conf`), 'utf8')).toBe(configs[name]);
    }
    expect(configs['nats-2']).toContain('server_name: "nats-2"');
    expect(configs['nats-2']).toContain('routes: ["nats-route://nats-1:6222", "nats-route://nats-2:6222", "nats-route://nats-3:6222"]');
  });
});
