"""`supportal/support`: the support hub — "Get support" page from support.yml, page feedback,
security advisories per release, and content ownership (review dates)."""
