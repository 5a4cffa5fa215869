"""What several rules share: reading policy documents, IAM action names, FullAWSAccess placement. Area folders
(organization/, tree/, policies/, sharing/) hold only rule modules, and no rule imports another rule."""
