"""Valid management policies, one per type, written from each type's AWS syntax page; shared by tests."""

# One documented, valid policy per management type (written from each type's AWS syntax page).
VALID = {
    "TAG_POLICY": {
        "tags": {
            "costcenter": {
                "tag_key": {"@@assign": "CostCenter", "@@operators_allowed_for_child_policies": ["@@none"]},
                "tag_value": {"@@assign": ["100", "200*"]},
                # service:* is the form AWS's own inheritance examples use; ALL_SUPPORTED the form of today's pages.
                "enforced_for": {"@@assign": ["redshift:*", "ec2:ALL_SUPPORTED", "dynamodb:table"]},
                "report_required_tag_for": {"@@assign": ["ec2:ALL_SUPPORTED"]},
            }
        }
    },
    "BACKUP_POLICY": {
        "plans": {
            "PII_Backup_Plan": {
                "regions": {"@@assign": ["us-east-1", "eu-north-1"]},
                "rules": {
                    "Hourly": {
                        "schedule_expression": {"@@assign": "cron(0 5/1 ? * * *)"},
                        "start_backup_window_minutes": {"@@assign": "480"},
                        "complete_backup_window_minutes": {"@@assign": 10080},
                        "target_backup_vault_name": {"@@assign": "FortKnox"},
                        "lifecycle": {
                            "move_to_cold_storage_after_days": {"@@assign": "180"},
                            "delete_after_days": {"@@assign": "270"},
                            "opt_in_to_archive_for_supported_resources": {"@@assign": False},
                        },
                        "copy_actions": {
                            "arn:aws:backup:us-west-1:$account:backup-vault:second": {
                                "target_backup_vault_arn": {"@@assign": "arn:aws:backup:us-west-1:$account:backup-vault:second"},
                                "lifecycle": {"delete_after_days": {"@@assign": "120"}},
                            }
                        },
                        "index_actions": {"resource_types": {"@@assign": ["EBS", "S3"]}},
                    }
                },
                "selections": {
                    "tags": {
                        "datatype": {
                            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/MyIamRole"},
                            "tag_key": {"@@assign": "dataType"},
                            "tag_value": {"@@assign": ["PII", "RED"]},
                        }
                    }
                },
                "advanced_backup_settings": {"ec2": {"windows_vss": {"@@assign": "enabled"}}},
            }
        }
    },
    "AISERVICES_OPT_OUT_POLICY": {
        "services": {
            "@@operators_allowed_for_child_policies": ["@@none"],
            "default": {"opt_out_policy": {"@@assign": "optOut", "@@operators_allowed_for_child_policies": ["@@none"]}},
            "rekognition": {"opt_out_policy": {"@@assign": "optIn"}},
        }
    },
    "CHATBOT_POLICY": {
        "chatbot": {
            "platforms": {
                "slack": {
                    "client": {"@@assign": "enabled"},
                    "workspaces": {"@@assign": ["*"]},
                    "default": {
                        "supported_channel_types": {"@@assign": ["private"]},
                        "supported_role_settings": {"@@assign": ["user_role"]},
                    },
                },
                "microsoft_teams": {"client": {"@@assign": "disabled"}},
                "chime": {"client": {"@@assign": "disabled"}},
            },
            "default": {"client": {"@@assign": "disabled"}},
        }
    },
    "DECLARATIVE_POLICY_EC2": {
        "ec2_attributes": {
            "exception_message": {"@@assign": "Ask the platform team: https://example.com/ec2"},
            "instance_metadata_defaults": {
                "http_tokens": {"@@assign": "required"},
                "http_put_response_hop_limit": {"@@assign": "2"},
                "http_endpoint": {"@@assign": "enabled"},
                "instance_metadata_tags": {"@@assign": "no_preference"},
            },
            "image_block_public_access": {"state": {"@@assign": "block_new_sharing"}},
            "snapshot_block_public_access": {"state": {"@@assign": "block_all_sharing"}},
            "serial_console_access": {"status": {"@@assign": "disabled"}},
            "vpc_block_public_access": {
                "internet_gateway_block": {"mode": {"@@assign": "block_ingress"}, "exclusions_allowed": {"@@assign": "enabled"}}
            },
            "allowed_images_settings": {
                "state": {"@@assign": "audit_mode"},
                "image_criteria": {"criteria_1": {"allowed_image_providers": {"@@append": ["amazon", "123456789012"]}}},
            },
        }
    },
    "SECURITYHUB_POLICY": {
        "securityhub": {
            "enable_in_regions": {"@@assign": ["ALL_SUPPORTED"]},
            "disable_in_regions": {"@@assign": ["ap-east-1"]},
            "features": {"network_scanning": {"enable_in_regions": {"@@append": ["us-east-1"]}, "disable_in_regions": {"@@assign": []}}},
        }
    },
    "INSPECTOR_POLICY": {
        "inspector": {
            "enablement": {
                "ec2_scanning": {"enable_in_regions": {"@@assign": ["us-east-1", "us-west-2"]}, "disable_in_regions": {"@@assign": []}},
                "lambda_standard_scanning": {
                    "enable_in_regions": {"@@assign": ["ALL_SUPPORTED"]},
                    "disable_in_regions": {"@@assign": []},
                    "lambda_code_scanning": {"enable_in_regions": {"@@assign": ["us-east-1"]}, "disable_in_regions": {"@@assign": []}},
                },
            }
        }
    },
    "BEDROCK_POLICY": {
        "bedrock": {
            "guardrail_inference": {
                "us-east-1": {
                    "config_1": {
                        "identifier": {"@@assign": "arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:1"},
                        "selective_content_guarding": {"system": {"@@assign": "selective"}, "messages": {"@@assign": "comprehensive"}},
                        "model_enforcement": {"included_models": {"@@assign": ["ALL"]}, "excluded_models": {"@@assign": []}},
                    }
                }
            }
        }
    },
    "S3_POLICY": {"s3_attributes": {"public_access_block_configuration": {"@@assign": "all"}}},
    "UPGRADE_ROLLOUT_POLICY": {
        "upgrade_rollout": {
            "default": {"patch_order": {"@@assign": "last"}},
            "tags": {"env": {"tag_values": {"dev": {"patch_order": {"@@assign": "first"}}}}},
        }
    },
}
