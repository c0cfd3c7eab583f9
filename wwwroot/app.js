// Small browser helpers called from Blazor components.
window.practiceCommunity = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    scrollToElement: (id) => document.getElementById(id)?.scrollIntoView({ block: 'start' }),
    // Tells a page whether it is being looked at (read marks come only from a visible page). Returns the current state.
    watchVisibility: (page) => {
        const report = () => page.invokeMethodAsync('VisibilityChanged', document.visibilityState === 'visible');
        document.addEventListener('visibilitychange', report);
        window.__pcVisibility?.();
        window.__pcVisibility = () => document.removeEventListener('visibilitychange', report);
        return document.visibilityState === 'visible';
    },
    unwatchVisibility: () => { window.__pcVisibility?.(); window.__pcVisibility = undefined; },

    // The @mention popup of a Markdown text box, keyboard first: typing after @ asks the server for names;
    // ArrowDown/ArrowUp move, Enter or Tab pick, Escape closes. Focus and the caret never leave the text box.
    mentions: {
        attach: (textarea, editor, texts) => {
            if (!textarea || textarea.__pcMentions) return;
            const list = document.getElementById(textarea.id + '-mentions');
            const status = document.getElementById(textarea.id + '-mentions-status');
            if (!list) return;
            const state = { items: [], active: -1, start: -1, asked: 0, timer: 0, picked: false };
            textarea.__pcMentions = state;

            const close = () => {
                state.items = []; state.active = -1; state.start = -1;
                list.replaceChildren(); list.hidden = true;
                textarea.removeAttribute('aria-activedescendant');
            };
            const show = () => {
                list.replaceChildren(...state.items.map((item, i) => {
                    const li = document.createElement('li');
                    li.id = `${list.id}-${i}`;
                    li.setAttribute('role', 'option');
                    li.setAttribute('aria-selected', i === state.active ? 'true' : 'false');
                    li.className = i === state.active ? 'active' : '';
                    li.textContent = '@' + item.name;
                    // mousedown, not click: the text box keeps focus and the caret.
                    li.addEventListener('mousedown', e => { e.preventDefault(); pick(i); });
                    return li;
                }));
                list.hidden = state.items.length === 0;
                if (!list.hidden) place();
                if (state.active >= 0) textarea.setAttribute('aria-activedescendant', `${list.id}-${state.active}`);
                else textarea.removeAttribute('aria-activedescendant');
            };
            // Under the line being typed, next to the @: measured with a hidden copy of the text box.
            const place = () => {
                const style = getComputedStyle(textarea);
                const mirror = document.createElement('div');
                for (const p of ['boxSizing', 'width', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth', 'borderRightWidth',
                    'borderBottomWidth', 'borderLeftWidth', 'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing', 'lineHeight', 'wordSpacing', 'tabSize']) {
                    mirror.style[p] = style[p];
                }
                Object.assign(mirror.style, { position: 'absolute', visibility: 'hidden', whiteSpace: 'pre-wrap', overflowWrap: 'break-word', top: '0', left: '-9999px' });
                mirror.textContent = textarea.value.slice(0, Math.max(0, state.start));
                const mark = document.createElement('span');
                mark.textContent = '@';
                mirror.appendChild(mark);
                document.body.appendChild(mirror);
                const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4;
                const top = textarea.offsetTop + mark.offsetTop - textarea.scrollTop + lineHeight + 4;
                const left = textarea.offsetLeft + mark.offsetLeft - textarea.scrollLeft;
                mirror.remove();
                const room = (list.offsetParent?.clientWidth ?? textarea.clientWidth) - list.offsetWidth - 8;
                list.style.top = `${Math.min(top, textarea.offsetTop + textarea.offsetHeight)}px`;
                list.style.left = `${Math.max(8, Math.min(left, room))}px`;
            };
            const pick = (i) => {
                const item = state.items[i];
                if (!item || state.start < 0) return;
                const caret = textarea.selectionStart;
                const before = textarea.value.slice(0, state.start);
                const after = textarea.value.slice(caret);
                const insert = item.insert + ' ';
                textarea.value = before + insert + after;
                const at = before.length + insert.length;
                textarea.setSelectionRange(at, at);
                close();
                state.picked = true;
                // Blazor reads the new text from the input event, like typing.
                textarea.dispatchEvent(new Event('input', { bubbles: true }));
                if (status) status.textContent = '';
            };
            // The @ and the words typed after it, up to the caret: "@Anna Pe" asks for "Anna Pe".
            const query = () => {
                if (textarea.selectionStart !== textarea.selectionEnd) return null;
                const head = textarea.value.slice(0, textarea.selectionStart);
                const m = /(^|[\s(])@([^\s@\[\]][^@\[\]\n]{0,40})$/u.exec(head);
                if (!m || /\s\s$/.test(m[2])) return null;
                return { start: head.length - m[2].length - 1, text: m[2] };
            };

            textarea.addEventListener('input', () => {
                if (state.picked) { state.picked = false; return; }
                const q = query();
                clearTimeout(state.timer);
                if (!q) { close(); return; }
                state.start = q.start;
                const asked = ++state.asked;
                state.timer = setTimeout(async () => {
                    let names = [];
                    try { names = await editor.invokeMethodAsync('SuggestMentionsAsync', q.text); } catch { names = []; }
                    if (asked !== state.asked) return; // a newer keystroke asked since
                    state.items = names;
                    state.active = names.length > 0 ? 0 : -1;
                    show();
                    if (status) status.textContent = names.length > 0 ? texts.count.replace('{0}', names.length) : '';
                }, 120);
            });
            textarea.addEventListener('keydown', e => {
                if (list.hidden || state.items.length === 0) return;
                if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                    e.preventDefault();
                    const n = state.items.length;
                    state.active = (state.active + (e.key === 'ArrowDown' ? 1 : -1) + n) % n;
                    show();
                } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey) {
                    e.preventDefault();
                    pick(Math.max(0, state.active));
                } else if (e.key === 'Escape') {
                    e.preventDefault();
                    e.stopPropagation();
                    state.asked++;
                    close();
                }
            });
            textarea.addEventListener('blur', () => { state.asked++; close(); });
            textarea.addEventListener('click', () => { if (!query()) close(); });
            close();
        },
    },
};

// The account menu (a <details>) closes once a choice is made, on a click elsewhere and on Escape, as menus do; the
// layout survives Blazor's page changes, so it would otherwise stay open over the next page.
document.addEventListener('click', (event) => {
    for (const menu of document.querySelectorAll('details.account-menu[open]')) {
        if (!menu.contains(event.target) || event.target.closest('a')) menu.removeAttribute('open');
    }
});
document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const menu of document.querySelectorAll('details.account-menu[open]')) {
        menu.removeAttribute('open');
        menu.querySelector('summary')?.focus();
    }
});
