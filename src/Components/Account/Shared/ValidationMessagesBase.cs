using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace PracticeCommunity.Components.Account.Shared;

/// <summary>
/// What FieldMessage and FormMessages share: the form's EditContext, and a render whenever its validation state
/// changes (on an interactive page; a static form is validated before it renders).
/// </summary>
public abstract class ValidationMessagesBase : ComponentBase, IDisposable
{
    private EditContext? _subscribed;

    [CascadingParameter] protected EditContext EditContext { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (_subscribed == EditContext) return;
        if (_subscribed is not null) _subscribed.OnValidationStateChanged -= Changed;
        _subscribed = EditContext;
        _subscribed.OnValidationStateChanged += Changed;
    }

    private void Changed(object? sender, ValidationStateChangedEventArgs e) => StateHasChanged();

    public void Dispose()
    {
        if (_subscribed is not null) _subscribed.OnValidationStateChanged -= Changed;
        GC.SuppressFinalize(this);
    }
}
