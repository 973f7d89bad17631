"""Business intelligence on the aws profile: keeping QuickSight's SPICE copies of the catalog's views fresh.
Locally there is nothing to keep: the web dashboards query the same views directly."""
