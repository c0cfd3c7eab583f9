// The shared plumbing every feature uses (results, the viewer, vocabularies, text rules).
global using PracticeCommunity.Common;
