"""One module per page: register_page, layout(**path_args), its callbacks."""
