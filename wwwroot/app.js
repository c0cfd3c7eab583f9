// Small browser helpers called from Blazor components.
window.practiceCommunity = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    scrollToElement: (id) => document.getElementById(id)?.scrollIntoView({ block: 'start' }),
};
