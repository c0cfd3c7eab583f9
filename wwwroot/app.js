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
};
