"""Bring an instance to the state a reader's server is in before an example: fresh data and valid tokens."""

from doc_examples.placeholders import Placeholder, Substitution, load_table
from reference_impl.model import Instance


def prepare_reader(instance: Instance, server_url: str, table: list[Placeholder] | None = None) -> Substitution:
    """Reset the instance, create the tokens the placeholders stand for, and return the substitution."""
    instance.reset()
    product = instance.data.product.product.value
    pairs = []
    for placeholder in table if table is not None else load_table():
        if placeholder.kind == "server_url":
            if placeholder.product in (None, product):
                pairs.append((placeholder.shown, server_url))
        elif placeholder.kind == "token_of":
            user = instance.find_user(placeholder.argument)
            if user is not None:
                _, secret = instance.create_token(user, "knowledge base example")
                pairs.append((placeholder.shown, secret))
        else:
            pairs.append((placeholder.shown, placeholder.argument))
    return Substitution(pairs)
