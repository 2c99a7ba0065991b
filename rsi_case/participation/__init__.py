"""Follow or explain (følg eller forklar): each region's part in each joint project."""


def includeme(config):
    config.scan(".views")
