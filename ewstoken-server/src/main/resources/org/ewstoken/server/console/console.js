/* The ewstoken console: one small script, no framework, no build step. It is a client of /api/admin
 * like any script. Everything a user or a manifest supplies reaches the page as DOM text nodes or
 * attribute values (never through innerHTML), so it cannot become markup. */
(function () {
  'use strict';
  var session = null;
  var TYPES = ['CallerIdentity', 'ExtensionCallback', 'ExtensionRestApiCallback', 'ScopedToken'];

  function h(tag, attrs) {
    var el = tag.indexOf('svg:') === 0 ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
      : document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k.indexOf('on') === 0) el.addEventListener(k.slice(2), v);
      else if (k === 'value') el.value = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    });
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }
  function add(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(el, x); }); return; }
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  /** Element.append would print null and undefined; this skips them. */
  function put(el) {
    for (var i = 1; i < arguments.length; i++) add(el, arguments[i]);
  }
  function field(label, id, input) {
    input.id = id;
    return h('div', {class: 'field'}, h('label', {for: id}, label), input);
  }
  function status(text, failed) {
    var s = document.getElementById('status');
    s.textContent = text || '';
    s.className = failed ? 'failed' : '';
  }
  function api(method, path, body, raw) {
    var headers = {'Accept': 'application/json'};
    if (method !== 'GET' && session && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
    var init = {method: method, headers: headers, credentials: 'same-origin'};
    if (body !== undefined) {
      if (raw) { init.body = body; headers['Content-Type'] = 'application/octet-stream'; }
      else { init.body = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
    }
    return fetch('/api/admin' + path, init).then(function (r) {
      if (r.status === 401) { location.href = '/console/login'; throw new Error('signed out'); }
      if (r.status === 204) return null;
      var type = r.headers.get('Content-Type') || '';
      var parsed = type.indexOf('json') >= 0 ? r.json() : r.text();
      return parsed.then(function (b) {
        if (!r.ok) throw new Error((b && b.detail) || (b && b.title) || ('HTTP ' + r.status));
        return b;
      });
    });
  }
  function act(promise, done) {
    return promise.then(function (x) { if (done) status(done); render(); return x; },
      function (e) { status(e.message, true); });
  }
  function table(headers, rows, id) {
    return h('table', {id: id}, h('thead', null, h('tr', null, headers.map(function (x) { return h('th', {scope: 'col'}, x); }))),
      h('tbody', null, rows));
  }
  function td(x, cls) { return h('td', cls ? {class: cls} : null, x === null || x === undefined ? '–' : x); }
  function when(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–'; }
  // The throttle's kinds (ThrottleEvents.Kind) in words; the API keeps the names, which scripts match on.
  var THROTTLE_WORDS = {
    USER_CONCURRENCY: 'A user had too many requests in progress',
    USER_BUDGET: 'A user used up their token budget',
    LOGIN_LOCKOUT: 'A sign-in was refused while locked out'
  };
  function throttleWords(kind) { return THROTTLE_WORDS[kind] || kind; }
  function q(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) { if (params[k]) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(params[k])); });
    return parts.length ? '?' + parts.join('&') : '';
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).then(function () { status('Copied.'); });
    var t = h('textarea', {value: text}); document.body.appendChild(t); t.select();
    try { document.execCommand('copy'); status('Copied.'); } finally { t.remove(); }
  }

  // ---- pages

  var pages = {};

  pages.overview = function (main) {
    return Promise.all([api('GET', '/overview'), api('GET', '/events?limit=10')]).then(function (r) {
      var o = r[0];
      put(main, h('h1', null, 'Overview'),
        h('div', {class: 'cards'},
          h('div', {class: 'card'}, h('div', null, 'Store'), h('div', {class: 'value ' + (o.storeHealthy ? 'ok' : 'bad'), id: 'health'}, o.storeHealthy ? 'healthy' : 'not answering')),
          h('div', {class: 'card'}, h('div', null, 'Signing key'), h('div', {class: 'value mono'}, o.signingKeyId)),
          h('div', {class: 'card'}, h('div', null, 'Node'), h('div', {class: 'value'}, o.node))),
        h('h2', null, 'Warnings'),
        o.warnings.length ? o.warnings.map(function (w) { return h('p', {class: 'warning'}, w); }) : h('p', {class: 'muted'}, 'None.'),
        h('h2', null, 'Checks'), doctorPanel(),
        h('h2', {id: 'chart-title'}, 'Tokens issued per minute, last hour'), chart(o.lastHour),
        h('h2', null, 'Throttling and lockouts since start'),
        table(['Kind', 'Count'], Object.keys(o.throttling).map(function (k) { return h('tr', null, td(throttleWords(k)), td(o.throttling[k])); }), 'throttling'),
        o.recentThrottling.length ? table(['When', 'Kind'], o.recentThrottling.map(function (e) { return h('tr', null, td(when(e.at)), td(throttleWords(e.kind))); }), 'recent-throttling') : null,
        h('h2', null, 'Latest admin events'), eventsTable(r[1].items));
    });
  };

  /** The checks of `ewstoken doctor`, run on demand: they ask the upstream, the directory and the provider. */
  function doctorPanel() {
    var out = h('div', {id: 'doctor-results'});
    var mailbox = h('input', {type: 'email', autocomplete: 'off'});
    var run = h('button', {type: 'button', id: 'run-doctor', onclick: function () {
      out.textContent = 'Running the checks…';
      api('GET', '/doctor' + q({mailbox: mailbox.value.trim()})).then(function (d) {
        out.textContent = '';
        put(out, h('p', {id: 'doctor-verdict', class: d.passed ? 'ok' : 'bad'}, d.passed ? 'All checks passed.' : 'Some checks failed.'),
          table(['Check', 'Result', 'Detail', 'Fix'], d.checks.map(function (c) {
            return h('tr', {'data-check': c.name}, td(c.name), td(c.status, c.status === 'FAIL' ? 'bad' : null), td(c.detail), td(c.fix || null));
          }), 'doctor'));
      }, function (e) { out.textContent = ''; status(e.message, true); });
    }}, 'Run checks');
    return h('div', null, h('p', {class: 'muted'}, 'The same checks as ewstoken doctor on the command line.'),
      field('Mailbox to try impersonating (optional)', 'doctor-mailbox', mailbox), run, out);
  }

  function chart(minutes) {
    var seen = {};
    minutes.forEach(function (m) { Object.keys(m.counts).forEach(function (t) { seen[t] = true; }); });
    var types = TYPES.filter(function (t) { return seen[t]; });
    var max = 1;
    minutes.forEach(function (m) { var s = 0; types.forEach(function (t) { s += m.counts[t] || 0; }); if (s > max) max = s; });
    var W = 720, H = 180, bw = W / 60;
    var svg = h('svg:svg', {viewBox: '0 0 ' + (W + 40) + ' ' + (H + 30), width: '100%', role: 'img', 'aria-labelledby': 'chart-title', id: 'chart'});
    var colours = ['#1d4ed8', '#b45309', '#15803d', '#7e22ce'];
    minutes.forEach(function (m, i) {
      var y = H;
      types.forEach(function (t, k) {
        var n = m.counts[t] || 0;
        if (!n) return;
        var bh = n / max * H;
        y -= bh;
        var r = h('svg:rect', {x: 36 + i * bw, y: y, width: Math.max(1, bw - 2), height: bh, fill: colours[TYPES.indexOf(t)]});
        r.appendChild(h('svg:title', null, when(m.minute) + ' ' + t + ': ' + n));
        svg.appendChild(r);
      });
    });
    svg.appendChild(h('svg:line', {x1: 34, y1: H, x2: W + 36, y2: H, stroke: '#4b5563'}));
    svg.appendChild(h('svg:text', {x: 0, y: 12}, String(max)));
    svg.appendChild(h('svg:text', {x: 0, y: H}, '0'));
    svg.appendChild(h('svg:text', {x: 36, y: H + 20}, '60 min ago'));
    svg.appendChild(h('svg:text', {x: W - 10, y: H + 20}, 'now'));
    var legend = h('div', {class: 'legend'}, TYPES.map(function (t, k) { return h('span', null, h('span', {class: 'swatch sw' + k}), t); }));
    return h('div', null, svg, legend, types.length ? null : h('p', {class: 'muted'}, 'No tokens issued in the last hour.'));
  }

  pages.keys = function (main) {
    return api('GET', '/keys').then(function (k) {
      var now = Date.now();
      var times = [];
      k.keys.forEach(function (x) { [x.createdAt, x.activatesAt, x.retiredAt, x.unpublishedAt].forEach(function (t) { if (t) times.push(Date.parse(t)); }); });
      times.push(now);
      var lo = Math.min.apply(null, times), hi = Math.max.apply(null, times) + 1;
      function px(t) { return 10 + (Date.parse(t) - lo) / (hi - lo) * 380; }
      function timeline(x) {
        var end = x.unpublishedAt || new Date(hi).toISOString();
        var svg = h('svg:svg', {viewBox: '0 0 400 20', width: 400, height: 20, role: 'img', 'aria-label': 'published ' + when(x.createdAt) + ', signs ' + when(x.activatesAt) + ' to ' + when(x.retiredAt)});
        svg.appendChild(h('svg:rect', {x: px(x.createdAt), y: 6, width: Math.max(2, px(end) - px(x.createdAt)), height: 8, fill: '#cbd5e1'}));
        var signEnd = x.retiredAt || new Date(hi).toISOString();
        svg.appendChild(h('svg:rect', {x: px(x.activatesAt), y: 4, width: Math.max(2, px(signEnd) - px(x.activatesAt)), height: 12, fill: '#1d4ed8'}));
        svg.appendChild(h('svg:line', {x1: px(new Date(now).toISOString()), y1: 0, x2: px(new Date(now).toISOString()), y2: 20, stroke: '#b91c1c'}));
        return svg;
      }
      var rotateNow = h('input', {type: 'checkbox', id: 'rotate-now'});
      var file = h('input', {type: 'file', accept: '.p12,.pfx,.pem,.crt,.key'});
      var pw = h('input', {type: 'password', autocomplete: 'off'});
      var importNow = h('input', {type: 'checkbox', id: 'import-now'});
      put(main, h('h1', null, 'Signing keys'),
        h('p', null, 'Signing now: ', h('span', {class: 'mono', id: 'signing-key'}, k.signingKeyId), '. A new key is published at once and signs after ', k.prePublication, ' unless it signs at once.'),
        table(['Key id (x5t)', 'State', 'Published', 'Signs from', 'Retired', 'Published until', 'Certificate expires', 'Timeline'],
          k.keys.map(function (x) {
            return h('tr', {'data-key': x.keyId}, td(x.keyId, 'mono'), td(x.state), td(when(x.createdAt)), td(when(x.activatesAt)),
              td(when(x.retiredAt)), td(when(x.unpublishedAt)), td(when(x.certificateNotAfter)), td(timeline(x)));
          }), 'keys-table'),
        h('p', {class: 'muted'}, 'Timeline: grey = published, blue = signing, red line = now.'),
        h('h2', null, 'Rotate'),
        h('div', {class: 'row'}, h('label', {class: 'check', for: 'rotate-now'}, rotateNow, 'Sign with the new key at once (e.g. the current key is compromised)'),
          h('button', {type: 'button', id: 'rotate', onclick: function () {
            act(api('POST', '/keys/rotate', {now: rotateNow.checked}), 'Rotated: a new key is published.');
          }}, 'Rotate the signing key')),
        h('h2', null, 'Import an organisation\'s key'),
        h('form', {class: 'inline', onsubmit: function (e) {
          e.preventDefault();
          var f = file.files[0];
          if (!f) { status('Choose a PKCS#12 or PEM file.', true); return; }
          var reader = new FileReader();
          reader.onload = function () {
            var b64 = String(reader.result).split(',')[1] || '';
            act(api('POST', '/keys/import', {fileName: f.name, contentBase64: b64, password: pw.value, now: importNow.checked}), 'Imported.');
          };
          reader.readAsDataURL(f);
        }}, field('Key file (.p12, .pfx or PEM)', 'key-file', file), field('PKCS#12 password', 'key-password', pw),
          h('label', {class: 'check', for: 'import-now'}, importNow, 'Sign at once'), h('button', {type: 'submit'}, 'Import')));
    });
  };

  /** An add-in's back end as a token-exchange client: its back-end audience and a client secret, shown once. */
  function backEnd(list) {
    var ids = list.map(function (a) { return a.id; }).filter(function (id, i, all) { return all.indexOf(id) === i; });
    var pick = h('select', {id: 'client-addin'}, ids.map(function (id) { return h('option', {value: id}, id); }));
    var audience = h('input', {type: 'text', id: 'client-audience', placeholder: 'https://api.contoso.com/'});
    var secretBox = h('pre', {id: 'client-secret', hidden: true});
    function path(end) { return '/addins/' + encodeURIComponent(pick.value) + end; }
    function load() {
      if (!pick.value) return;
      api('GET', path('/client')).then(function (c) { audience.value = c.backendAudience || ''; }, function (e) { status(e.message, true); });
    }
    pick.onchange = load;
    load();
    return h('section', null, h('h2', null, 'Add-in back end (token exchange)'),
      h('form', {class: 'inline', id: 'client-form', onsubmit: function (e) {
        e.preventDefault();
        act(api('PUT', path('/backend-audience'), {backendAudience: audience.value}), 'Back-end audience saved.');
      }}, field('Add-in', 'client-addin', pick), field('Back-end audience (aud of its access tokens)', 'client-audience', audience),
        h('button', {type: 'submit'}, 'Save'), ' ',
        h('button', {type: 'button', class: 'secondary', id: 'client-new-secret', onclick: function () {
          if (!confirm('Make a new client secret for ' + pick.value + '? The current one stops working.')) return;
          api('POST', path('/secret')).then(function (r) {
            secretBox.textContent = r.secret; secretBox.hidden = false;
            status('New client secret: shown this once, keep it in the back end\'s secret store.');
          }, function (e) { status(e.message, true); });
        }}, 'New client secret')), secretBox);
  }

  pages.addins = function (main) {
    return api('GET', '/addins').then(function (list) {
      var file = h('input', {type: 'file', accept: '.xml,.json'});
      var forUser = h('input', {type: 'email', placeholder: 'everyone'});
      var mandatory = h('input', {type: 'checkbox', id: 'upload-mandatory'});
      var url = h('input', {type: 'url', placeholder: 'https://…/manifest.xml'});
      var allowHttp = h('input', {type: 'checkbox', id: 'url-allow-http'});
      function row(a) {
        var base = '/addins/' + encodeURIComponent(a.id);
        var userQ = a.installedFor === 'organisation' ? '' : q({user: a.installedFor});
        var manifestBox = h('pre', {hidden: true});
        return [h('tr', {'data-addin': a.id},
          td(a.iconUrl && /^https:\/\//.test(a.iconUrl) ? h('img', {class: 'icon', src: a.iconUrl, alt: '', referrerpolicy: 'no-referrer', onerror: function () { this.hidden = true; }}) : ''),
          h('td', null, h('strong', {class: 'addin-name'}, a.displayName), h('div', {class: 'muted addin-description'}, a.description || '')),
          td(a.id, 'mono'), td(a.version), td(a.permission), td(a.audience, 'mono'), td(a.installedFor),
          td((a.enabled ? 'enabled' : 'disabled') + (a.mandatory ? ', mandatory' : ''), 'state'),
          h('td', null,
            h('button', {type: 'button', class: 'secondary toggle', 'aria-label': (a.enabled ? 'Disable ' : 'Enable ') + a.displayName,
              onclick: function () { act(api('POST', base + (a.enabled ? '/disable' : '/enable') + userQ), (a.enabled ? 'Disabled ' : 'Enabled ') + a.displayName + '.'); }},
              a.enabled ? 'Disable' : 'Enable'), ' ',
            a.installedFor === 'organisation' ? h('button', {type: 'button', class: 'secondary',
              onclick: function () { act(api(a.mandatory ? 'DELETE' : 'PUT', base + '/mandatory'), 'Changed.'); }},
              a.mandatory ? 'Make optional' : 'Make mandatory') : null, ' ',
            a.hasManifest ? h('button', {type: 'button', class: 'secondary', onclick: function () {
              api('GET', base + '/manifest' + userQ).then(function (t) { manifestBox.textContent = typeof t === 'string' ? t : JSON.stringify(t, null, 2); manifestBox.hidden = false; },
                function (e) { status(e.message, true); });
            }}, 'Show manifest') : null, ' ',
            h('button', {type: 'button', class: 'danger', onclick: function () {
              if (confirm('Remove ' + a.displayName + (userQ ? ' for ' + a.installedFor : ' everywhere') + '?')) act(api('DELETE', base + userQ), 'Removed.');
            }}, 'Remove'))),
          h('tr', null, h('td', {colspan: 9}, manifestBox))];
      }
      put(main, h('h1', null, 'Add-ins'),
        h('h2', null, 'Install from a manifest file'),
        h('form', {class: 'inline', id: 'upload-form', onsubmit: function (e) {
          e.preventDefault();
          var f = file.files[0];
          if (!f) { status('Choose a manifest file.', true); return; }
          f.arrayBuffer().then(function (buf) {
            act(api('POST', '/addins' + q({user: forUser.value, mandatory: mandatory.checked ? 'true' : ''}), buf, true)
              .then(function (r) { return r; }), 'Installed ' + f.name + '.');
          });
        }}, field('Manifest (XML or manifest.json)', 'manifest-file', file), field('For one mailbox (optional)', 'upload-user', forUser),
          h('label', {class: 'check', for: 'upload-mandatory'}, mandatory, 'Mandatory'), h('button', {type: 'submit', id: 'upload'}, 'Install')),
        h('h2', null, 'Install from a URL'),
        h('form', {class: 'inline', onsubmit: function (e) {
          e.preventDefault();
          act(api('POST', '/addins/from-url', {url: url.value, allowHttp: allowHttp.checked}), 'Installed from ' + url.value + '.');
        }}, field('Manifest URL', 'manifest-url', url), h('label', {class: 'check', for: 'url-allow-http'}, allowHttp, 'Allow plain http (development)'),
          h('button', {type: 'submit'}, 'Install')),
        h('h2', null, 'Installed'),
        table(['', 'Name', 'Id', 'Version', 'Permission', 'Audience', 'Installed for', 'State', 'Actions'], list.map(row), 'addins-table'),
        backEnd(list),
        h('h2', null, 'Per-user installs'),
        list.some(function (a) { return a.installedFor !== 'organisation'; })
          ? table(['Mailbox', 'Add-in', 'Version', 'State'], list.filter(function (a) { return a.installedFor !== 'organisation'; })
            .map(function (a) { return h('tr', null, td(a.installedFor), td(a.displayName), td(a.version), td(a.enabled ? 'enabled' : 'disabled')); }), 'user-installs')
          : h('p', {class: 'muted'}, 'None: users install add-ins for their own mailbox with EWS InstallApp, when user-add-ins allows it.'));
    });
  };

  pages.users = function (main) {
    var query = new URLSearchParams(location.search).get('q') || '';
    return Promise.all([api('GET', '/users' + q({q: query})), api('GET', '/api-keys')]).then(function (r) {
      var search = h('input', {type: 'search', value: query});
      var smtp = h('input', {type: 'email', required: true});
      var name = h('input', {type: 'text'});
      var pw = h('input', {type: 'password', autocomplete: 'new-password', required: true, minlength: 8});
      var admin = h('input', {type: 'checkbox', id: 'new-admin'});
      var keyName = h('input', {type: 'text', required: true});
      var shown = h('div', {id: 'shown-once', role: 'alert'});
      function showOnce(label, secret) {
        shown.textContent = '';
        put(shown, h('p', {class: 'warning'}, label + ' (shown once): ', h('code', {class: 'mono secret'}, secret), ' ',
          h('button', {type: 'button', class: 'secondary', onclick: function () { copy(secret); }}, 'Copy')));
      }
      put(main, h('h1', null, 'Users'), shown,
        h('form', {class: 'inline', role: 'search', onsubmit: function (e) { e.preventDefault(); history.pushState(null, '', '/console/users' + q({q: search.value})); render(); }},
          field('Search by address or name', 'user-search', search), h('button', {type: 'submit'}, 'Search')),
        table(['Address', 'Display name', 'msexchuid', 'Created', 'Role', 'Actions'], r[0].map(function (u) {
          var base = '/users/' + encodeURIComponent(u.smtp);
          return h('tr', {'data-user': u.smtp}, td(u.smtp), td(u.displayName), td(u.exchangeUid, 'mono'), td(when(u.createdAt)), td(u.admin ? 'administrator' : 'user'),
            h('td', null,
              h('button', {type: 'button', class: 'secondary', onclick: function () {
                api('POST', base + '/password').then(function (p) { showOnce('New password for ' + u.smtp, p.password); status('Password reset.'); }, function (e) { status(e.message, true); });
              }}, 'Reset password'), ' ',
              h('button', {type: 'button', class: 'secondary', onclick: function () { act(api(u.admin ? 'DELETE' : 'PUT', base + '/admin'), 'Role changed.'); }},
                u.admin ? 'Revoke admin' : 'Make admin'), ' ',
              h('button', {type: 'button', class: 'danger', onclick: function () { if (confirm('Remove ' + u.smtp + '?')) act(api('DELETE', base), 'Removed ' + u.smtp + '.'); }}, 'Remove')));
        }), 'users-table'),
        h('h2', null, 'Add a user'),
        h('form', {class: 'inline', onsubmit: function (e) {
          e.preventDefault();
          act(api('POST', '/users', {smtp: smtp.value, displayName: name.value, password: pw.value, admin: admin.checked}), 'Added ' + smtp.value + '.');
        }}, field('Address', 'new-smtp', smtp), field('Display name', 'new-name', name), field('Password (8+ characters)', 'new-password', pw),
          h('label', {class: 'check', for: 'new-admin'}, admin, 'Administrator'), h('button', {type: 'submit', id: 'add-user'}, 'Add user')),
        h('h2', null, 'API keys for scripts'),
        h('p', {class: 'muted'}, 'Scripts send Authorization: Bearer <key>. A key is shown once and stored hashed; it carries its owner\'s rights while they are an administrator.'),
        table(['Id', 'Name', 'Owner', 'Created', ''], r[1].map(function (k) {
          return h('tr', null, td(k.id, 'mono'), td(k.name), td(k.owner), td(when(k.createdAt)),
            h('td', null, h('button', {type: 'button', class: 'danger', onclick: function () { act(api('DELETE', '/api-keys/' + encodeURIComponent(k.id)), 'Key removed.'); }}, 'Remove')));
        }), 'api-keys'),
        h('form', {class: 'inline', onsubmit: function (e) {
          e.preventDefault();
          api('POST', '/api-keys', {name: keyName.value}).then(function (k) { render().then(function () { showOnce('API key ' + k.key.name, k.token); }); }, function (e2) { status(e2.message, true); });
        }}, field('Key name', 'key-name', keyName), h('button', {type: 'submit'}, 'Create API key')));
    });
  };

  function eventsTable(items) {
    return table(['When', 'Who', 'From', 'Action', 'Target', 'Detail'], items.map(function (e) {
      return h('tr', null, td(when(e.at)), td(e.actor), td(e.remoteAddress), td(e.action), td(e.target, 'mono'), td(e.detail));
    }), 'events-table');
  }

  pages.audit = function (main) {
    var p = new URLSearchParams(location.search);
    var f = {user: p.get('user') || '', addIn: p.get('addIn') || '', type: p.get('type') || '', from: p.get('from') || '', to: p.get('to') || ''};
    var off = parseInt(p.get('offset') || '0', 10) || 0;
    var eoff = parseInt(p.get('eventsOffset') || '0', 10) || 0;
    var ev = {actor: p.get('actor') || '', action: p.get('action') || ''};
    var evQuery = {actor: ev.actor, action: ev.action, target: f.addIn || f.user, from: f.from, to: f.to};
    return Promise.all([api('GET', '/audit' + q(Object.assign({offset: off, limit: 50}, f))),
      api('GET', '/events' + q(Object.assign({offset: eoff, limit: 50}, evQuery)))]).then(function (r) {
      var inputs = {user: h('input', {type: 'email', value: f.user}), addIn: h('input', {type: 'text', value: f.addIn}),
        type: h('select', null, h('option', {value: ''}, 'any'), TYPES.map(function (t) { return h('option', {value: t, selected: t === f.type}, t); })),
        from: h('input', {type: 'text', value: f.from, placeholder: '2026-01-31T00:00:00Z'}), to: h('input', {type: 'text', value: f.to, placeholder: 'now'}),
        actor: h('input', {type: 'text', value: ev.actor}), action: h('input', {type: 'text', value: ev.action, placeholder: 'e.g. addin.'})};
      function go(extra) {
        var params = {};
        Object.keys(inputs).forEach(function (k) { params[k] = inputs[k].value; });
        history.pushState(null, '', '/console/audit' + q(Object.assign(params, extra || {})));
        render();
      }
      function pager(offset, count, key) {
        return h('div', {class: 'row'},
          offset > 0 ? h('button', {type: 'button', class: 'secondary', onclick: function () { var x = {}; x[key] = Math.max(0, offset - 50); go(x); }}, 'Newer') : null,
          count === 50 ? h('button', {type: 'button', class: 'secondary', onclick: function () { var x = {}; x[key] = offset + 50; go(x); }}, 'Older') : null);
      }
      put(main, h('h1', null, 'Audit'),
        h('form', {class: 'inline', onsubmit: function (e) { e.preventDefault(); go(); }},
          field('User', 'f-user', inputs.user), field('Add-in id', 'f-addin', inputs.addIn), field('Token type', 'f-type', inputs.type),
          field('From (UTC)', 'f-from', inputs.from), field('To (UTC)', 'f-to', inputs.to),
          field('Admin: who', 'f-actor', inputs.actor), field('Admin: action', 'f-action', inputs.action),
          h('button', {type: 'submit', id: 'filter'}, 'Filter')),
        h('h2', null, 'Issued tokens'),
        h('p', null, h('a', {href: '/api/admin/audit.csv' + q(f), download: 'audit.csv', id: 'audit-csv'}, 'Export as CSV')),
        table(['Issued', 'User', 'Add-in', 'Type', 'Key', 'Expires', 'Node'], r[0].items.map(function (a) {
          return h('tr', null, td(when(a.issuedAt)), td(a.user), td(a.addIn, 'mono'), td(a.tokenType), td(a.keyId, 'mono'), td(when(a.expiresAt)), td(a.node));
        }), 'audit-table'), pager(off, r[0].items.length, 'offset'),
        h('h2', null, 'Admin events'),
        h('p', null, h('a', {href: '/api/admin/events.csv' + q(evQuery), download: 'admin-events.csv', id: 'events-csv'}, 'Export as CSV')),
        eventsTable(r[1].items), pager(eoff, r[1].items.length, 'eventsOffset'));
    });
  };

  pages.playground = function (main) {
    return Promise.all([api('GET', '/users'), api('GET', '/addins')]).then(function (r) {
      var user = h('select', null, r[0].map(function (u) { return h('option', {value: u.smtp}, u.smtp); }));
      var addIn = h('select', null, r[1].map(function (a) { return h('option', {value: a.id, 'data-audience': a.audience}, a.displayName + ' (' + a.id + ')'); }));
      var type = h('select', null, TYPES.map(function (t) { return h('option', {value: t}, t); }));
      var scope = h('input', {type: 'text', placeholder: 'ScopedToken only'});
      var minted = h('div', {id: 'minted', 'aria-live': 'polite'});
      var token = h('textarea', {rows: 5, spellcheck: 'false'});
      var audience = h('input', {type: 'url'});
      var trusted = h('input', {type: 'text', value: location.host});
      var allowHttp = h('input', {type: 'checkbox', id: 'v-allow-http', checked: location.protocol === 'http:'});
      var verdict = h('div', {id: 'verdict', 'aria-live': 'polite'});
      function audienceOf() { var o = addIn.selectedOptions[0]; return o ? o.getAttribute('data-audience') : ''; }
      audience.value = audienceOf();
      addIn.addEventListener('change', function () { audience.value = audienceOf(); });
      function claims(title, list, id) {
        return [h('h3', null, title), table(['Claim', 'Value', 'What it means'], list.map(function (c) {
          return h('tr', null, td(c.name, 'mono'), td(typeof c.value === 'string' ? c.value : JSON.stringify(c.value), 'mono'), td(c.explanation));
        }), id)];
      }
      function decoded(value) {
        return api('POST', '/tokens/decode', {token: value}).then(function (d) {
          return h('div', null, h('p', {class: 'muted'}, 'Decoded only: the signature, issuer, audience and lifetime are checked by Validate.'),
            claims('Header', d.header, 'decoded-header'), claims('Claims', d.claims, 'decoded-claims'),
            d.appctx.length ? claims('appctx', d.appctx, 'decoded-appctx') : null);
        });
      }
      put(main, h('h1', null, 'Playground'),
        h('p', {class: 'muted'}, 'Tokens are minted by the same service that answers GetClientAccessToken (same rules, and they are audited), and validated by the ewstoken-validation library.'),
        h('h2', null, 'Mint a token'),
        h('form', {class: 'inline', onsubmit: function (e) {
          e.preventDefault();
          minted.textContent = '';
          api('POST', '/tokens/mint', {user: user.value, addIn: addIn.value, type: type.value, scope: scope.value}).then(function (m) {
            if (!m.issued) { put(minted, h('p', {class: 'verdict invalid', id: 'mint-refused'}, m.responseCode + ': ' + m.message)); return; }
            var out = h('textarea', {id: 'minted-token', rows: 5, readonly: true, value: m.token, 'aria-label': 'Minted token'});
            put(minted, h('p', null, m.type + ', valid for ' + m.ttlMinutes + ' min'), out,
              h('div', {class: 'row'}, h('button', {type: 'button', class: 'secondary', id: 'copy-token', onclick: function () { copy(m.token); }}, 'Copy'),
                h('button', {type: 'button', class: 'secondary', id: 'to-validate', onclick: function () { token.value = m.token; audience.value = audienceOf(); token.focus(); }}, 'Validate this token')));
            return decoded(m.token).then(function (d) { put(minted, d); });
          }).catch(function (err) { status(err.message, true); });
        }}, field('User', 'p-user', user), field('Add-in', 'p-addin', addIn), field('Token type', 'p-type', type), field('Scope', 'p-scope', scope),
          h('button', {type: 'submit', id: 'mint'}, 'Mint')),
        minted,
        h('h2', null, 'Validate a token'),
        h('form', {onsubmit: function (e) {
          e.preventDefault();
          verdict.textContent = '';
          var hosts = trusted.value.split(/[\s,]+/).filter(function (x) { return x; });
          api('POST', '/tokens/validate', {token: token.value, audience: audience.value, trustedHosts: hosts, allowHttp: allowHttp.checked}).then(function (v) {
            put(verdict, h('p', {class: 'verdict ' + (v.valid ? 'valid' : 'invalid'), id: 'verdict-text'},
              v.valid ? 'Valid (' + v.kind + ' token): ' + v.message : 'Invalid: ' + v.reason + ': ' + v.message));
            if (v.valid) put(verdict, table(['Field', 'Value'], Object.keys(v.details).map(function (k) { return h('tr', null, td(k), td(String(v.details[k]), 'mono')); })));
          }).catch(function (err) { status(err.message, true); });
        }}, field('Token', 'v-token', token), field('Audience (the add-in\'s URL; identity tokens)', 'v-audience', audience),
          field('Trusted hosts (host[:port], space separated)', 'v-trusted', trusted),
          h('label', {class: 'check', for: 'v-allow-http'}, allowHttp, 'Fetch metadata over plain http (development)'),
          h('button', {type: 'submit', id: 'validate'}, 'Validate')),
        verdict);
    });
  };

  function render() {
    var name = location.pathname.replace(/^\/console\/?/, '').replace(/\/$/, '') || 'overview';
    var page = pages[name] || pages.overview;
    document.querySelectorAll('nav a').forEach(function (a) {
      if (a.getAttribute('data-page') === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    var main = document.getElementById('main');
    var fresh = h('main', {id: 'main', tabindex: '-1', 'data-page': name});
    return page(fresh).then(function () { main.replaceWith(fresh); document.title = name.charAt(0).toUpperCase() + name.slice(1) + ' · ewstoken console'; },
      function (e) { status(e.message, true); });
  }

  function loginPage() {
    var err = new URLSearchParams(location.search).get('error');
    var box = document.getElementById('login-error');
    if (err && box) {
      box.textContent = err === 'locked' ? 'Too many failed sign-ins: this account or address is locked for a while. Try again later.'
        : err === 'unavailable' ? 'Sign-in is unavailable at the moment (the directory does not answer). Try again later.'
        : 'The address or password is not right.';
      box.hidden = false;
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (document.body.classList.contains('login')) { loginPage(); return; }
    api('GET', '/session').then(function (s) {
      session = s;
      document.getElementById('whoami').textContent = s.user;
      document.getElementById('logout-csrf').value = s.csrfToken || '';
      document.querySelectorAll('nav a').forEach(function (a) {
        a.addEventListener('click', function (e) {
          if (e.ctrlKey || e.metaKey || e.shiftKey) return;
          e.preventDefault();
          history.pushState(null, '', a.getAttribute('href'));
          status('');
          render().then(function () { document.getElementById('main').focus(); });
        });
      });
      window.addEventListener('popstate', render);
      return render();
    }).catch(function (e) { status(e.message, true); });
  });
})();
