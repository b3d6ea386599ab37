/*
 * uidalloc dashboard: refreshes the Overview and the block map by polling their JSON, draws the block map, and
 * wires two small form helpers. Plain browser JavaScript, no build step, no libraries.
 */
(function () {
    'use strict';

    const REFRESH_MS = 5000;

    document.addEventListener('DOMContentLoaded', function () {
        wireForms();
        const page = document.body.dataset.poll;
        if (page === 'overview') {
            overviewPage();
        } else if (page === 'blocks') {
            blockMapPage();
        }
    });

    // ---------------------------------------------------------------- shared helpers

    /** Fetches url() now and every few seconds, hands the JSON to render, and says on the page when it last did. */
    function poll(url, render) {
        const updated = document.getElementById('updated');
        let timer = null;
        async function tick() {
            clearTimeout(timer);
            try {
                const response = await fetch(url(), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
                if (response.status === 401) {
                    // The session ended: reloading lands on the login page.
                    window.location.reload();
                    return;
                }
                if (!response.ok) {
                    throw new Error('the server answered ' + response.status);
                }
                const data = await response.json();
                render(data);
                updated.textContent = 'Updated ' + formatTime(data.at) + ' · refreshes every ' + REFRESH_MS / 1000 + ' s';
                updated.classList.remove('stale');
            } catch (e) {
                updated.textContent = 'Not updated: ' + e.message + '; trying again';
                updated.classList.add('stale');
            }
            timer = setTimeout(tick, REFRESH_MS);
        }
        tick();
        return tick;
    }

    function formatTime(iso) {
        if (!iso) {
            return '—';
        }
        return iso.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC');
    }

    function el(tag, text, className) {
        const node = document.createElement(tag);
        if (text !== undefined && text !== null) {
            node.textContent = String(text);
        }
        if (className) {
            node.className = className;
        }
        return node;
    }

    function link(href, text) {
        const a = el('a', text);
        a.href = href;
        return a;
    }

    function stateBadge(state) {
        return el('span', state, 'state state-' + state);
    }

    function setText(id, text) {
        document.getElementById(id).textContent = String(text);
    }

    /** Replaces a tbody's rows; each row is a list of cells, each a node or a text. */
    function replaceRows(tbodyId, rows, decorate) {
        const body = document.getElementById(tbodyId);
        body.replaceChildren(...rows.map(function (cells, index) {
            const tr = document.createElement('tr');
            cells.forEach(function (cell) {
                if (cell instanceof Node && cell.nodeName === 'TD') {
                    tr.appendChild(cell);
                } else {
                    const td = document.createElement('td');
                    td.append(cell instanceof Node ? cell : String(cell === null || cell === undefined ? '—' : cell));
                    tr.appendChild(td);
                }
            });
            if (decorate) {
                decorate(tr, index);
            }
            return tr;
        }));
    }

    function numberCell(value) {
        return el('td', value, 'num');
    }

    function svg(tag, attributes) {
        const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
        Object.keys(attributes || {}).forEach(function (name) {
            node.setAttribute(name, attributes[name]);
        });
        return node;
    }

    function wireForms() {
        document.querySelectorAll('form[data-confirm]').forEach(function (form) {
            form.addEventListener('submit', function (event) {
                if (!window.confirm(form.dataset.confirm)) {
                    event.preventDefault();
                }
            });
        });
        document.querySelectorAll('[data-copy]').forEach(function (button) {
            button.addEventListener('click', async function () {
                const source = document.getElementById(button.dataset.copy);
                try {
                    await navigator.clipboard.writeText(source.textContent.trim());
                    button.textContent = 'Copied';
                } catch (e) {
                    button.textContent = 'Select and copy by hand';
                }
            });
        });
    }

    // ---------------------------------------------------------------- overview

    const STATE_FILL = { free: '#e5e7eb', held: '#2563eb', quarantined: 'url(#hatch)', retired: 'url(#cross)' };

    function overviewPage() {
        const body = document.body;
        prepareStateBar();
        const render = function (o) {
            renderStates(o);
            renderActivity(o.minutes);
            renderTenants(o.tenants);
            renderFailed(o, body.dataset.base);
            renderOperations(o.operations);
        };
        poll(function () { return body.dataset.source; }, render);
    }

    function prepareStateBar() {
        const defs = document.querySelector('#statebar defs');
        const cross = svg('pattern', { id: 'cross', width: 8, height: 8, patternUnits: 'userSpaceOnUse' });
        cross.append(svg('rect', { width: 8, height: 8, fill: '#334155' }),
            svg('path', { d: 'M0 0L8 8M8 0L0 8', stroke: '#cbd5e1', 'stroke-width': 1 }));
        defs.appendChild(cross);
    }

    function renderStates(o) {
        setText('blocks-total', o.blocksTotal);
        const bar = document.getElementById('statebar');
        bar.querySelectorAll('rect.share').forEach(function (r) { r.remove(); });
        // Keep a sliver visible for a handful of blocks in a pool of tens of thousands, then scale to the bar.
        const widths = o.blocks.map(function (s) {
            return s.count === 0 ? 0 : Math.max(6, 1000 * s.count / Math.max(1, o.blocksTotal));
        });
        const scale = 1000 / Math.max(1, widths.reduce(function (a, b) { return a + b; }, 0));
        let x = 0;
        o.blocks.forEach(function (s, i) {
            const card = document.getElementById('state-' + s.state);
            card.querySelector('[data-field=count]').textContent = s.count;
            card.querySelector('[data-field=percent]').textContent = s.share;
            if (widths[i] === 0) {
                return;
            }
            const width = widths[i] * scale;
            const rect = svg('rect', { x: x, y: 0, width: width, height: 18, fill: STATE_FILL[s.state], class: 'share' });
            rect.appendChild(svg('title')).textContent = s.state + ': ' + s.count + ' blocks (' + s.share + ')';
            bar.appendChild(rect);
            x += width;
        });
    }

    function renderActivity(minutes) {
        const last = minutes[minutes.length - 1];
        setText('allocations-last-minute', last.allocations);
        setText('releases-last-minute', last.releases);
        replaceRows('activity-rows', minutes.map(function (m) {
            return [m.label, numberCell(m.allocations), numberCell(m.releases)];
        }));

        const chart = document.getElementById('activity-chart');
        const width = 600;
        const base = 124;
        const peak = Math.max(1, ...minutes.map(function (m) { return Math.max(m.allocations, m.releases); }));
        chart.setAttribute('viewBox', '0 0 ' + width + ' 150');
        chart.replaceChildren();
        const defs = svg('defs');
        const hatch = svg('pattern', { id: 'release-hatch', width: 4, height: 4, patternUnits: 'userSpaceOnUse',
            patternTransform: 'rotate(45)' });
        hatch.append(svg('rect', { width: 4, height: 4, fill: '#99f6e4' }), svg('rect', { width: 2, height: 4, fill: '#0d9488' }));
        defs.appendChild(hatch);
        chart.appendChild(defs);
        chart.appendChild(svg('line', { x1: 0, x2: width, y1: base, y2: base, stroke: '#cbd5e1' }));
        const peakLabel = svg('text', { x: 0, y: 10, 'font-size': 10, fill: '#64748b' });
        peakLabel.textContent = 'peak ' + peak + ' / min';
        chart.appendChild(peakLabel);
        const slot = width / minutes.length;
        minutes.forEach(function (m, i) {
            const x = i * slot;
            [[m.allocations, '#2563eb', 'allocations'], [m.releases, 'url(#release-hatch)', 'releases']].forEach(function (bar, j) {
                const height = (base - 18) * bar[0] / peak;
                const rect = svg('rect', { x: x + slot / 2 - 17 + j * 18, y: base - height, width: 16, height: height, fill: bar[1], rx: 2 });
                rect.appendChild(svg('title')).textContent = m.label + ': ' + bar[0] + ' ' + bar[2];
                chart.appendChild(rect);
            });
            const label = svg('text', { x: x + slot / 2, y: 142, 'font-size': 10, fill: '#64748b', 'text-anchor': 'middle' });
            label.textContent = m.label;
            chart.appendChild(label);
        });
    }

    function renderTenants(tenants) {
        replaceRows('tenant-rows', tenants.map(function (t) {
            const meter = el('meter');
            meter.min = 0;
            meter.max = t.quota;
            meter.value = t.used;
            meter.high = t.quota * 0.9;
            meter.setAttribute('aria-label', 'Usage of ' + t.name);
            const usage = el('span', null, 'usage');
            usage.append(meter, el('span', t.percent + ' %'));
            return [t.name, numberCell(t.used), numberCell(t.quota), usage];
        }), function (tr, i) { tr.dataset.tenant = tenants[i].name; });
        document.getElementById('tenants-empty').hidden = tenants.length > 0;
    }

    function renderFailed(o, base) {
        setText('failed-total', o.failedTotal);
        replaceRows('failed-rows', o.failed.map(function (f) {
            return [formatTime(f.failedAt), f.tenant, link(base + '/allocations/' + f.id, f.namespace + '/' + f.podName),
                f.node, f.reason];
        }));
        document.getElementById('failed-empty').hidden = o.failed.length > 0;
    }

    function renderOperations(ops) {
        const unavailable = document.getElementById('ops-unavailable');
        const figures = document.getElementById('ops-figures');
        unavailable.hidden = !ops.unavailable;
        figures.hidden = !!ops.unavailable;
        if (ops.unavailable) {
            unavailable.textContent = ops.unavailable;
            return;
        }
        setText('ops-backlog', ops.outbox.backlog);
        setText('ops-oldest', formatAge(ops.oldestUnpublishedAgeSeconds));
        setText('ops-ready', ops.nodes.ready);
        setText('ops-lost', ops.nodes.lost);
    }

    function formatAge(seconds) {
        if (seconds === undefined || seconds === null) {
            return '—';
        }
        if (seconds < 60) {
            return seconds + ' s';
        }
        if (seconds < 3600) {
            return Math.floor(seconds / 60) + ' min';
        }
        return Math.floor(seconds / 3600) + ' h ' + Math.floor(seconds % 3600 / 60) + ' min';
    }

    // ---------------------------------------------------------------- block map

    /* Colours for tenants; they repeat after twelve, and the tooltip always names the tenant. */
    const PALETTE = [[78, 121, 167], [242, 142, 43], [89, 161, 79], [225, 87, 89], [118, 183, 178], [237, 201, 72],
        [176, 122, 161], [255, 157, 167], [156, 117, 95], [47, 75, 124], [160, 81, 149], [0, 128, 128]];
    const STATE_RGB = { F: [229, 231, 235], H: [37, 99, 235], Q: [217, 119, 6], R: [51, 65, 85] };
    const STATE_NAME = { F: 'free', H: 'held', Q: 'quarantined', R: 'retired' };
    const STATE_PATTERN = { F: 'plain', H: 'solid', Q: 'hatched', R: 'crossed' };
    const GAP = [248, 250, 252];
    const MAP_HEIGHT = 460;

    function blockMapPage() {
        const body = document.body;
        const canvas = document.getElementById('block-map');
        const frame = document.getElementById('map-frame');
        const tooltip = document.getElementById('map-tooltip');
        const details = document.getElementById('block-details');
        const colourBy = document.getElementById('colour-by');
        const filter = document.getElementById('tenant-filter');
        const context = canvas.getContext('2d');
        const view = { data: null, size: 3, cols: 1, image: null, active: -1, detailsFor: -1, detailTimer: null };

        const refresh = poll(function () {
            return body.dataset.source + (filter.value ? '?tenant=' + encodeURIComponent(filter.value) : '');
        }, function (data) {
            view.data = data;
            syncTenantOptions(filter, data.tenantNames);
            layout();
            draw();
            renderLegend();
            renderInUse(data, body.dataset.lookup);
            describe(data);
            if (view.active >= 0) {
                showActive(true);
            }
        });

        colourBy.addEventListener('change', function () { draw(); renderLegend(); });
        filter.addEventListener('change', function () { refresh(); });
        window.addEventListener('resize', function () { if (view.data) { layout(); draw(); } });

        canvas.addEventListener('mousemove', function (event) {
            const index = cellAt(event.offsetX, event.offsetY);
            if (index !== view.active) {
                activate(index);
            }
            place(event.offsetX, event.offsetY);
        });
        canvas.addEventListener('mouseleave', function () { tooltip.hidden = true; });
        canvas.addEventListener('focus', function () {
            if (view.active < 0 && view.data) {
                const first = view.data.states.search(/[HQ]/);
                activate(first < 0 ? 0 : first);
            }
            placeAtActive();
        });
        canvas.addEventListener('blur', function () { tooltip.hidden = true; });
        canvas.addEventListener('keydown', onKey);

        function onKey(event) {
            if (!view.data) {
                return;
            }
            const last = view.data.cells - 1;
            const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -view.cols, ArrowDown: view.cols,
                PageUp: -10 * view.cols, PageDown: 10 * view.cols };
            let next = view.active;
            if (event.key in moves) {
                next = Math.min(last, Math.max(0, view.active + moves[event.key]));
            } else if (event.key === 'Home') {
                next = 0;
            } else if (event.key === 'End') {
                next = last;
            } else if (event.key === 'Enter' && view.active >= 0) {
                window.location.assign(body.dataset.lookup + '?hostId=' + startOf(view.active));
                return;
            } else if (event.key === 'Escape') {
                tooltip.hidden = true;
                return;
            } else {
                return;
            }
            event.preventDefault();
            activate(next);
            placeAtActive();
        }

        function layout() {
            const cells = view.data.cells;
            const width = Math.max(200, frame.clientWidth - 14);
            view.size = Math.min(28, Math.max(3, Math.floor(Math.sqrt(width * MAP_HEIGHT / cells))));
            view.cols = Math.max(1, Math.floor(width / view.size));
            const rows = Math.ceil(cells / view.cols);
            canvas.width = view.cols * view.size;
            canvas.height = rows * view.size;
            // For tests and tools that point at a block: where each cell is.
            canvas.dataset.cellSize = view.size;
            canvas.dataset.columns = view.cols;
            canvas.dataset.first = view.data.first;
            canvas.dataset.blockSize = view.data.blockSize;
        }

        function draw() {
            const data = view.data;
            const image = context.createImageData(canvas.width, canvas.height);
            for (let i = 0; i < image.data.length; i += 4) {
                image.data[i] = GAP[0]; image.data[i + 1] = GAP[1]; image.data[i + 2] = GAP[2]; image.data[i + 3] = 255;
            }
            const only = filter.value ? data.tenantNames.indexOf(filter.value) : -1;
            for (let i = 0; i < data.cells; i++) {
                const code = data.states.charAt(i);
                const tenant = data.tenants[i];
                const dimmed = only >= 0 && tenant !== only && code !== 'F';
                paintCell(image.data, canvas.width, (i % view.cols) * view.size, Math.floor(i / view.cols) * view.size,
                    view.size, code, colourOf(code, tenant), dimmed);
            }
            view.image = image;
            context.putImageData(image, 0, 0);
            outlineActive();
        }

        function colourOf(code, tenant) {
            if (colourBy.value === 'tenant' && tenant >= 0 && (code === 'H' || code === 'Q')) {
                return PALETTE[tenant % PALETTE.length];
            }
            return STATE_RGB[code];
        }

        function outlineActive() {
            if (view.active < 0 || !view.image) {
                return;
            }
            context.putImageData(view.image, 0, 0);
            const x = (view.active % view.cols) * view.size;
            const y = Math.floor(view.active / view.cols) * view.size;
            context.lineWidth = 2;
            context.strokeStyle = '#0f172a';
            context.strokeRect(x - 2, y - 2, view.size + 4, view.size + 4);
            context.strokeStyle = '#ffffff';
            context.lineWidth = 1;
            context.strokeRect(x - 0.5, y - 0.5, view.size + 1, view.size + 1);
        }

        function cellAt(x, y) {
            const col = Math.floor(x / view.size);
            const index = Math.floor(y / view.size) * view.cols + col;
            return col < view.cols && index >= 0 && view.data && index < view.data.cells ? index : -1;
        }

        function startOf(index) {
            return view.data.first + index * view.data.blockSize;
        }

        function activate(index) {
            view.active = index;
            outlineActive();
            showActive(false);
        }

        /** Shows what the arrays know at once, then the holder as soon as the server tells. */
        function showActive(refreshing) {
            if (view.active < 0 || !view.data) {
                tooltip.hidden = true;
                return;
            }
            const index = view.active;
            if (!refreshing || view.detailsFor !== index) {
                tooltip.replaceChildren(...summaryLines(index));
                tooltip.hidden = false;
            }
            clearTimeout(view.detailTimer);
            view.detailTimer = setTimeout(async function () {
                try {
                    const response = await fetch(body.dataset.blockSource + '?start=' + startOf(index),
                        { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
                    if (!response.ok || view.active !== index) {
                        return;
                    }
                    const lines = detailLines(await response.json());
                    view.detailsFor = index;
                    tooltip.replaceChildren(...lines.map(function (n) { return n.cloneNode(true); }));
                    details.replaceChildren(...lines);
                } catch (e) {
                    tooltip.appendChild(el('div', 'Holder not available: ' + e.message));
                }
            }, refreshing ? 0 : 120);
        }

        function summaryLines(index) {
            const data = view.data;
            const code = data.states.charAt(index);
            const start = startOf(index);
            const tenant = data.tenants[index] >= 0 ? data.tenantNames[data.tenants[index]] : null;
            const head = el('div');
            head.append(el('strong', 'Block ' + Math.floor(start / data.blockSize) + ' · ' + STATE_NAME[code]));
            return [head, el('div', 'host IDs ' + start + '–' + (start + data.blockSize - 1)),
                el('div', tenant ? 'tenant ' + tenant : 'no tenant')];
        }

        function detailLines(block) {
            const lines = [];
            const head = el('div');
            head.append(el('strong', 'Block ' + block.block + ' · ' + block.state));
            lines.push(head, el('div', 'host IDs ' + block.firstHostId + '–' + block.lastHostId));
            if (block.state === 'held') {
                lines.push(el('div', 'held by tenant ' + block.tenant),
                    el('div', 'pod ' + block.namespace + '/' + block.podName + ' (' + block.podUid + ')'),
                    el('div', 'on node ' + block.node + ', since ' + formatTime(block.since)));
            } else if (block.tenant) {
                lines.push(el('div', 'last held by tenant ' + block.tenant + ', released ' + formatTime(block.since)));
                if (block.freeFrom) {
                    lines.push(el('div', 'quarantined until ' + formatTime(block.freeFrom)));
                }
            } else {
                lines.push(el('div', block.state === 'free' ? 'never held' : 'not in the pool'));
            }
            return lines;
        }

        function place(x, y) {
            const left = canvas.offsetLeft + x + 16 - frame.scrollLeft;
            const top = canvas.offsetTop + y + 16 - frame.scrollTop;
            tooltip.style.left = Math.min(left, frame.clientWidth - 370) + 'px';
            tooltip.style.top = top + 'px';
        }

        function placeAtActive() {
            if (view.active < 0) {
                return;
            }
            place((view.active % view.cols) * view.size + view.size, Math.floor(view.active / view.cols) * view.size + view.size);
            tooltip.hidden = false;
        }

        function renderLegend() {
            const legend = document.getElementById('legend');
            const items = ['F', 'H', 'Q', 'R'].map(function (code) {
                const colour = colourBy.value === 'tenant' && (code === 'H' || code === 'Q') ? [100, 116, 139] : STATE_RGB[code];
                return legendItem(code, colour, STATE_NAME[code] + ' (' + STATE_PATTERN[code] + ')');
            });
            if (colourBy.value === 'tenant') {
                view.data.tenantNames.slice(0, PALETTE.length).forEach(function (name, i) {
                    items.push(legendItem('H', PALETTE[i], name));
                });
                if (view.data.tenantNames.length > PALETTE.length) {
                    items.push(el('span', '+' + (view.data.tenantNames.length - PALETTE.length) + ' more tenants reuse these colours'));
                }
            }
            legend.replaceChildren(...items);
        }

        function legendItem(code, colour, text) {
            const item = el('span', null, 'legend-item');
            const swatch = document.createElement('canvas');
            swatch.width = 14;
            swatch.height = 14;
            swatch.setAttribute('aria-hidden', 'true');
            const swatchContext = swatch.getContext('2d');
            const image = swatchContext.createImageData(14, 14);
            paintCell(image.data, 14, 0, 0, 14, code, colour, false);
            swatchContext.putImageData(image, 0, 0);
            item.append(swatch, el('span', text));
            return item;
        }

        function describe(data) {
            const last = data.first + data.cells * data.blockSize - 1;
            setText('map-summary', data.cells + ' blocks of ' + data.blockSize + ' host IDs, from ' + data.first + ' to '
                + last + ', one cell each in the order of host IDs.');
            setText('map-not-drawn', data.notDrawn > 0 ? data.notDrawn + ' retired blocks outside the pool are not drawn.' : '');
            const counts = { F: 0, H: 0, Q: 0, R: 0 };
            for (let i = 0; i < data.states.length; i++) {
                counts[data.states.charAt(i)]++;
            }
            canvas.setAttribute('aria-label', 'Block map: ' + counts.H + ' held, ' + counts.Q + ' quarantined, '
                + counts.F + ' free, ' + counts.R + ' retired');
        }
    }

    /** Paints one cell; the pattern tells the state apart without colour: plain, solid, hatched, crossed. */
    function paintCell(pixels, width, x0, y0, size, code, colour, dimmed) {
        const light = mix(colour, 0.55);
        const gap = size >= 6 ? 1 : 0;
        for (let dy = 0; dy < size; dy++) {
            for (let dx = 0; dx < size; dx++) {
                let rgb;
                if (dx >= size - gap || dy >= size - gap) {
                    rgb = GAP;
                } else if (code === 'F') {
                    rgb = STATE_RGB.F;
                } else if (code === 'H') {
                    rgb = colour;
                } else if (code === 'Q') {
                    rgb = (dx + dy) % 3 === 0 ? colour : light;
                } else {
                    rgb = dx === dy || dx + dy === size - 1 - gap ? [203, 213, 225] : STATE_RGB.R;
                }
                if (dimmed) {
                    rgb = mix(rgb, 0.8);
                }
                const at = ((y0 + dy) * width + x0 + dx) * 4;
                pixels[at] = rgb[0];
                pixels[at + 1] = rgb[1];
                pixels[at + 2] = rgb[2];
                pixels[at + 3] = 255;
            }
        }
    }

    function mix(rgb, white) {
        return [rgb[0] + (255 - rgb[0]) * white, rgb[1] + (255 - rgb[1]) * white, rgb[2] + (255 - rgb[2]) * white];
    }

    function syncTenantOptions(select, names) {
        const known = Array.from(select.options).map(function (o) { return o.value; }).filter(Boolean);
        names.filter(function (n) { return known.indexOf(n) < 0; }).forEach(function (name) {
            select.appendChild(new Option(name, name));
        });
    }

    function renderInUse(data, lookup) {
        replaceRows('in-use-rows', data.inUse.map(function (b) {
            return [numberCell(b.block), link(lookup + '?hostId=' + b.firstHostId, b.firstHostId + '–' + b.lastHostId),
                stateBadge(b.state), b.tenant, b.podName ? b.namespace + '/' + b.podName : '—', b.node,
                formatTime(b.since), b.freeFrom ? formatTime(b.freeFrom) : '—'];
        }), function (tr, i) { tr.dataset.firstHostId = data.inUse[i].firstHostId; });
        document.getElementById('in-use-empty').hidden = data.inUse.length > 0;
        setText('in-use-hint', data.inUse.length >= data.inUseLimit
            ? 'the first ' + data.inUseLimit + ' held and quarantined blocks, lowest first'
            : data.inUse.length + ' held and quarantined blocks, lowest first');
    }
})();
